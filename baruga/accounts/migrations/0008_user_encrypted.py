"""Account holders' name, e-mail and phone encrypted at rest, with blind indexes for the e-mail (sign-in,
password reset, one account per address) and the phone (the privacy look-up).

The columns become text (a ciphertext is longer than 150 characters), the clear values of existing rows
are encrypted and their indexes filled (`crypto.encrypt_existing`, idempotent), then the unique index on
the e-mail is created. Reversible: going back decrypts the values and empties the indexes first.
Two accounts with the same e-mail (case aside) stop the migration with their ids: an administrator
decides which keeps it, then runs it again.
"""

import django.core.validators
from django.db import migrations, models

import baruga.lib.crypto
from baruga.lib import crypto


def encrypt_accounts(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    crypto.encrypt_existing(User, schema_editor.connection)
    seen, clashes = {}, []
    for pk, index in User.objects.exclude(email_index="").order_by("pk").values_list("pk", "email_index"):
        if index in seen:
            clashes.append((seen[index], pk))
        seen.setdefault(index, pk)
    if clashes:
        raise RuntimeError(
            "Beberapa akun memakai e-mail yang sama (id akun): "
            + ", ".join(f"{a} dan {b}" for a, b in clashes)
            + ". Kosongkan atau ganti e-mail salah satunya, lalu jalankan migrasi lagi.")


def decrypt_accounts(apps, schema_editor):
    crypto.decrypt_existing(apps.get_model("accounts", "User"), schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_roles_satudata'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='email_index',
            field=baruga.lib.crypto.BlindIndexField(kind='email', source='email'),
        ),
        migrations.AddField(
            model_name='user',
            name='phone_index',
            field=baruga.lib.crypto.BlindIndexField(kind='phone', source='phone'),
        ),
        migrations.AlterField(
            model_name='user',
            name='email',
            field=baruga.lib.crypto.EncryptedCharField(blank=True, max_length=254, validators=[django.core.validators.EmailValidator()], verbose_name='email address'),
        ),
        migrations.AlterField(
            model_name='user',
            name='first_name',
            field=baruga.lib.crypto.EncryptedCharField(blank=True, max_length=150, verbose_name='first name'),
        ),
        migrations.AlterField(
            model_name='user',
            name='last_name',
            field=baruga.lib.crypto.EncryptedCharField(blank=True, max_length=150, verbose_name='last name'),
        ),
        migrations.AlterField(
            model_name='user',
            name='phone',
            field=baruga.lib.crypto.EncryptedCharField(blank=True, max_length=20, verbose_name='nomor telepon'),
        ),
        migrations.RunPython(encrypt_accounts, decrypt_accounts, elidable=False),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(condition=models.Q(('email_index', ''), _negated=True), fields=('email_index',), name='user_unique_email_index'),
        ),
    ]
