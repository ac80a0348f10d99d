from modeltranslation.translator import TranslationOptions, register

from opencall.calls.models import Call, Offer


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "privacy_notice")
    required_languages = ("en",)


@register(Offer)
class OfferTranslation(TranslationOptions):
    fields = ("label", "description")
    required_languages = ("en",)
