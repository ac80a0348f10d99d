from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "opencall.reviews"
    label = "reviews"
