def search(request):
    raise NotImplementedError


dataset = resource = download = export = chart = search
