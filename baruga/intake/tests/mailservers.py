"""Real mail servers for the e-mail tests: aiosmtpd (SMTP, in-process) and Dovecot (IMAP, a child process).

Dovecot runs from Debian's package (`apt-get install dovecot-imapd`, which `.ci/run` does) with its
own configuration in a temporary directory: IMAP only, plaintext login on 127.0.0.1, one user from a
passwd-file, maildir. As root its login and mail processes run as the package's unprivileged users
(dovenull, dovecot); as anyone else, everything runs as that user.
"""

import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)
IMAP_USER, IMAP_PASSWORD = "lapor", "rahasia-kotak-surat"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    """aiosmtpd's handler: keeps every message it is given."""

    def __init__(self):
        self.messages = []  # (mail_from, rcpt_tos, bytes)

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content
                              or envelope.content))
        return "250 OK"


class Dovecot:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="baruga-dovecot-")
        os.chmod(self.root, 0o755)
        self.port = free_port()  # IMAP: plaintext login allowed (127.0.0.1), STARTTLS offered
        self.tls_port = free_port()  # IMAPS
        self.process = None
        self.ca_file = os.path.join(self.root, "cert.pem")

    def _certificate(self):
        """A self-signed certificate for 127.0.0.1 (the tests' CA file is the certificate itself)."""
        import datetime as dt
        import ipaddress

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
        now = dt.datetime.now(dt.timezone.utc)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
                .not_valid_after(now + dt.timedelta(days=1))
                .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                               critical=False)
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .sign(key, hashes.SHA256()))
        with open(self.ca_file, "wb") as out:
            out.write(cert.public_bytes(serialization.Encoding.PEM))
        key_file = os.path.join(self.root, "key.pem")
        with open(key_file, "wb") as out:
            out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption()))
        os.chmod(key_file, 0o600)
        return key_file

    def _users(self):
        if os.geteuid() == 0:
            mail = pwd.getpwnam("dovecot")
            return "dovenull", "dovecot", grp.getgrgid(mail.pw_gid).gr_name, mail.pw_uid, mail.pw_gid
        me = pwd.getpwuid(os.getuid())
        return me.pw_name, me.pw_name, grp.getgrgid(os.getgid()).gr_name, os.getuid(), os.getgid()

    def start(self):
        login_user, internal_user, internal_group, uid, gid = self._users()
        home = os.path.join(self.root, "home")
        os.makedirs(home)
        os.chown(home, uid, gid) if os.geteuid() == 0 else None
        with open(os.path.join(self.root, "passwd"), "w") as passwd:
            passwd.write(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}\n")
        key_file = self._certificate()
        config = os.path.join(self.root, "dovecot.conf")
        with open(config, "w") as out:
            out.write(f"""
base_dir = {self.root}/run
state_dir = {self.root}/state
log_path = {self.root}/dovecot.log
ssl = yes
ssl_cert = <{self.ca_file}
ssl_key = <{key_file}
disable_plaintext_auth = no
auth_mechanisms = plain login
listen = 127.0.0.1
protocols = imap
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = {max(uid, 1) if uid else 1}
first_valid_gid = {max(gid, 1) if gid else 1}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
  }}
}}
service anvil {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={home}/%u
}}
mail_location = maildir:~/Maildir
""")
        self.process = subprocess.Popen([DOVECOT, "-F", "-c", config], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited: {self.process.stderr.read().decode()} {self.log()}")
            try:
                connection = self.connect()
                connection.logout()
                return self
            except (OSError, imaplib.IMAP4.error):
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not answer on port {self.port}: {self.log()}")

    def log(self):
        try:
            with open(os.path.join(self.root, "dovecot.log")) as log:
                return log.read()[-2000:]
        except OSError:
            return ""

    def connect(self):
        connection = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        connection.login(IMAP_USER, IMAP_PASSWORD)
        return connection

    def append(self, raw, folder="INBOX"):
        connection = self.connect()
        try:
            typ, data = connection.append(folder, None, None, raw)
            assert typ == "OK", data
        finally:
            connection.logout()

    def uids(self, criterion="ALL", folder="INBOX"):
        connection = self.connect()
        try:
            typ, _data = connection.select(folder)
            if typ != "OK":
                return []
            return connection.uid("SEARCH", None, criterion)[1][0].split()
        finally:
            connection.logout()

    def empty(self):
        connection = self.connect()
        try:
            connection.select("INBOX")
            connection.store("1:*", "+FLAGS", "(\\Deleted)")
            connection.expunge()
        except imaplib.IMAP4.error:
            pass  # an empty mailbox has no "1:*"
        finally:
            connection.logout()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)
