"""Forms of the proposed posts: the author's, the team's review and publication."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorte.challenges.models import Challenge
from cohorte.editorial.uploads import reencoded_image
from cohorte.people.teams import member_challenge_ids

from .models import Contribution

LOCAL = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=LOCAL, **kwargs)


class ContributionForm(forms.ModelForm):
    """The author's post: the défi among theirs, the text and an optional described image."""

    class Meta:
        model = Contribution
        fields = ["challenge", "title", "summary", "body", "image", "image_alt"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14}),
            "image": forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        }
        help_texts = {
            "summary": _("Deux ou trois phrases, en tête de l'article et dans la liste du blog."),
            "body": _("En Markdown : ## pour un intertitre, **gras**, [lien](https://…)."),
            "image": _("JPEG, PNG, WebP ou GIF, 5 Mo au maximum. Facultative."),
            "image_alt": _(
                "Ce que montre l'image, pour qui ne la voit pas. Requis avec une image."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenge"].queryset = Challenge.objects.filter(
            pk__in=member_challenge_ids(user)
        ).order_by("title")
        self.fields["challenge"].empty_label = None
        self.fields["challenge"].label = _("Défi dont parle la publication")
        for name in ("title", "summary", "body"):
            self.fields[name].error_messages["required"] = {
                "title": _("Donnez un titre à la publication."),
                "summary": _("Résumez la publication en quelques phrases."),
                "body": _("Écrivez le texte de la publication."),
            }[name]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if not image or image == self.initial.get("image"):
            return image
        # Written anew, never the bytes sent: the accepted image is published as it is stored.
        return reencoded_image(
            image,
            too_large=_("L'image dépasse 5 Mo."),
            not_an_image=_("Ce fichier n'est pas une image JPEG, PNG, WebP ou GIF."),
        )

    def clean(self):
        data = super().clean()
        has_image = bool(data.get("image")) or bool(self.instance.image)
        if has_image and not (data.get("image_alt") or "").strip():
            self.add_error(
                "image_alt", _("Décrivez l'image : le texte alternatif est requis avec une image.")
            )
        return data


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Votre message"),
        max_length=5000,
        required=False,  # an empty one gets the domain's own message
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["body"].label = label


class PublishForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Date et heure de publication"),
        help_text=_("Heure de Paris. Laissez vide pour publier tout de suite."),
        required=False,
        input_formats=[LOCAL],
        widget=LocalDateTimeInput(),
        error_messages={"invalid": _("Saisissez une date et une heure valides.")},
    )
