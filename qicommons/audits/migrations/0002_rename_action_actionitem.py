from django.db import migrations


class Migration(migrations.Migration):
    """A rename, not a new table: the tracked actions and their history are kept."""

    dependencies = [
        ("audits", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel(old_name="Action", new_name="ActionItem"),
        migrations.RenameModel(old_name="HistoricalAction", new_name="HistoricalActionItem"),
    ]
