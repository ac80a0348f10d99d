from modeltranslation.translator import TranslationOptions, register

from opencall.selection.models import ResourcePool


@register(ResourcePool)
class ResourcePoolTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = ("en",)
