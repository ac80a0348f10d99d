"""Input of the group mail pages: the audience and one subject and text per language of
the call. The rules (a version needs both, known placeholders) are the service's
(opencall/mail/groups.py), which names the field in error."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from opencall.mail.groups import SUBJECT_MAX


class GroupMessageForm(forms.Form):
    audience = forms.ChoiceField(label=_("Send to"), widget=forms.RadioSelect)

    def __init__(self, *args, languages: tuple[str, ...], audiences: list[tuple[str, str]], **kw):
        super().__init__(*args, **kw)
        self.fields["audience"].choices = audiences
        names = dict(settings.LANGUAGES)
        self.languages = languages
        for language in languages:
            name = names.get(language, language)
            self.fields[f"subject_{language}"] = forms.CharField(
                label=_("Subject in %(language)s") % {"language": name},
                required=False,
                max_length=SUBJECT_MAX,
            )
            self.fields[f"body_{language}"] = forms.CharField(
                label=_("Text in %(language)s") % {"language": name},
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 10}),
            )

    def texts(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            language: {
                "subject": data.get(f"subject_{language}", ""),
                "body": data.get(f"body_{language}", ""),
            }
            for language in self.languages
        }

    def versions(self) -> list[dict]:
        """Each language's two fields, for the template's sections."""
        names = dict(settings.LANGUAGES)
        return [
            {
                "language": language,
                "name": names.get(language, language),
                "subject": self[f"subject_{language}"],
                "body": self[f"body_{language}"],
            }
            for language in self.languages
        ]


def initial_for(message) -> dict[str, str]:
    initial = {"audience": message.audience}
    for language, version in message.texts.items():
        initial[f"subject_{language}"] = version.get("subject", "")
        initial[f"body_{language}"] = version.get("body", "")
    return initial
