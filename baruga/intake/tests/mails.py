"""Building the e-mails citizens (and machines) send, as raw RFC 822 bytes."""

import io
import os
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from PIL import Image

INTAKE = "lapor@baruga.contoh.id"
CITIZEN = "Rahman Daeng <rahman@contoh.id>"


def png(size=(40, 30), noise=False):
    image = Image.new("RGB", size, (200, 80, 40))
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def build(*, sender=CITIZEN, to=INTAKE, subject="Jalan rusak", body="", message_id=None, headers=(),
          attachments=(), html=None):
    message = EmailMessage(policy=policy.default)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = message_id or make_msgid(domain="contoh.id")
    for name, value in headers:
        message[name] = value
    if body is None:  # an HTML-only mail
        message.set_content(html, subtype="html")
    else:
        message.set_content(body)
        if html is not None:
            message.add_alternative(html, subtype="html")
    for name, data, content_type in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def reply_to(outbound, *, sender=CITIZEN, text, quote_header="Pada Sen, 7 Des 2026 pukul 10.02, Baruga "
             "<noreply@baruga.contoh.id> menulis:", attachments=()):
    """A citizen's reply to one of Baruga's e-mails (an `email.message.Message`), quoting it below."""
    quoted = "\n".join(f"> {line}" for line in outbound.get_content().splitlines())
    return build(sender=sender, to=outbound["Reply-To"] or outbound["From"], subject=f"Re: {outbound['Subject']}",
                 body=f"{text}\n\n{quote_header}\n{quoted}\n",
                 headers=[("In-Reply-To", outbound["Message-ID"]),
                          ("References", f"{outbound['References']} {outbound['Message-ID']}")],
                 attachments=attachments)
