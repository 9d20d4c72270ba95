"""Store each partnership's case-reference key wrapped under CASE_REFERENCE_SECRET, not in
the clear, keeping the key itself so every stored hash still matches."""

from django.conf import settings
from django.db import migrations, models

from qicommons.lib import keywrap


def wrap_keys(apps, schema_editor):
    secret = settings.CASE_REFERENCE_SECRET.encode()
    for row in apps.get_model("audits", "PartnershipSecret").objects.all():
        row.wrapped_key = keywrap.wrap(bytes.fromhex(row.key), secret)
        row.save(update_fields=["wrapped_key"])


def unwrap_keys(apps, schema_editor):
    candidates = [
        s.encode()
        for s in [settings.CASE_REFERENCE_SECRET, *settings.CASE_REFERENCE_SECRET_FALLBACKS]
    ]
    for row in apps.get_model("audits", "PartnershipSecret").objects.all():
        row.key = keywrap.unwrap(row.wrapped_key, candidates).hex()
        row.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0002_rename_action_actionitem"),
    ]

    operations = [
        migrations.AddField(
            model_name="partnershipsecret",
            name="wrapped_key",
            field=models.CharField(default="", editable=False, max_length=100),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="partnershipsecret",
            name="key",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.RunPython(wrap_keys, unwrap_keys),
        migrations.RemoveField(model_name="partnershipsecret", name="key"),
    ]
