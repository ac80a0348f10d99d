from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_api_token_scopes")]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="expires_on",
            field=models.DateField(verbose_name="expires on"),
        ),
    ]
