def inbox(request):
    raise NotImplementedError


create = indicator = detail = edit = add_resource = resource = act = inbox
