"""The team's forms for the diffusion of a call, and the heard-from question of the public."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorte.editorial.uploads import reencoded_image

from .models import Channel, HeardFromAnswer, Relay, ShareKit, ShareVisual

VISUAL_SUFFIXES = {".png", ".jpg", ".jpeg"}
MAX_ANSWERS = 20
CONSENT_LABEL = _(
    "J'accepte que le lien par lequel je suis arrivé·e soit conservé avec ma candidature pour "
    "mesurer la diffusion de l'appel."
)


class RelayForm(forms.ModelForm):
    class Meta:
        model = Relay
        fields = ["name", "kind", "contact_name", "contact_email", "sent_on", "notes"]
        widgets = {
            "sent_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "contact_email": {
                "invalid": _("Saisissez une adresse e-mail valide, comme nom@domaine.fr.")
            },
            "name": {"required": _("Donnez le nom du relais.")},
        }


class SentForm(forms.Form):
    sent_on = forms.DateField(
        label=_("Envoyé le"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Indiquez la date d'envoi."),
            "invalid": _("Saisissez une date valide."),
        },
    )


class ChannelForm(forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["label", "slug", "utm_source", "utm_medium", "utm_campaign", "relay"]
        labels = {
            "utm_source": _("Source (utm_source)"),
            "utm_medium": _("Support (utm_medium)"),
            "utm_campaign": _("Campagne (utm_campaign)"),
        }
        help_texts = {
            "slug": _("Lettres minuscules, chiffres et tirets ; unique pour cet appel."),
            "utm_campaign": _("Laissé vide : le nom de l'appel dans son adresse."),
            "utm_source": _("Qui diffuse, par exemple : linkedin, ecole-42, lettre-dinum."),
            "utm_medium": _("Le moyen, par exemple : social, email, affiche."),
        }
        error_messages = {"label": {"required": _("Donnez un libellé au canal.")}}

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.instance.call = call
        self.fields["relay"].queryset = call.relays.all()
        self.fields["utm_campaign"].widget.attrs["placeholder"] = call.slug

    def clean(self):
        cleaned = super().clean()
        slug = cleaned.get("slug")
        if slug and self.call.channels.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            self.add_error("slug", _("Un canal de cet appel porte déjà cet identifiant."))
        values = [cleaned.get(name) for name in ("utm_source", "utm_medium")]
        if all(values):
            campaign = cleaned.get("utm_campaign") or self.call.slug
            same = self.call.channels.filter(
                utm_source=values[0], utm_medium=values[1], utm_campaign=campaign
            ).exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error(
                    None, _("Un canal de cet appel a déjà ces paramètres : le lien serait le même.")
                )
        return cleaned

    def validate_unique(self):
        # The call is not a field of the form: clean() says which channel already exists.
        pass


class ShareKitForm(forms.ModelForm):
    class Meta:
        model = ShareKit
        fields = ["short_text", "long_text"]
        widgets = {
            "short_text": forms.Textarea(attrs={"rows": 4}),
            "long_text": forms.Textarea(attrs={"rows": 10}),
        }


class VisualForm(forms.ModelForm):
    class Meta:
        model = ShareVisual
        fields = ["image", "alt_text"]
        widgets = {"image": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"})}
        help_texts = {
            "image": _("PNG ou JPEG, 5 Mo au plus."),
            "alt_text": _("Ce que montre l'image, lu à qui ne la voit pas."),
        }
        error_messages = {
            "image": {"required": _("Choisissez une image.")},
            "alt_text": {"required": _("Décrivez l'image : le texte alternatif est obligatoire.")},
        }

    def clean_image(self):
        image = self.cleaned_data["image"]
        suffix = "." + image.name.rsplit(".", 1)[-1].lower() if "." in image.name else ""
        if suffix not in VISUAL_SUFFIXES:
            raise forms.ValidationError(_("L'image doit être au format PNG ou JPEG."))
        # Written anew, never the bytes sent: the kit's page serves them to everyone.
        return reencoded_image(
            image,
            too_large=_("L'image dépasse 5 Mo."),
            not_an_image=_("Ce fichier n'est pas une image PNG ou JPEG."),
            formats={"PNG", "JPEG"},
        )


class QuestionForm(forms.Form):
    label = forms.CharField(
        label=_("Question"),
        max_length=200,
        error_messages={"required": _("Écrivez la question.")},
    )
    answers = forms.CharField(
        label=_("Réponses proposées, une par ligne"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Par exemple : Réseaux sociaux, Bouche-à-oreille, Mon école."),
        error_messages={"required": _("Proposez au moins une réponse.")},
    )
    required = forms.BooleanField(label=_("Réponse obligatoire"), required=False)

    def clean_answers(self):
        lines = [" ".join(line.split()) for line in self.cleaned_data["answers"].splitlines()]
        answers = list(dict.fromkeys(line for line in lines if line))
        if not answers:
            raise forms.ValidationError(_("Proposez au moins une réponse."))
        if len(answers) > MAX_ANSWERS:
            raise forms.ValidationError(_("Proposez au plus %(n)s réponses.") % {"n": MAX_ANSWERS})
        if any(len(answer) > 200 for answer in answers):
            raise forms.ValidationError(_("Une réponse dépasse 200 caractères."))
        return answers


class ArrivalForm(forms.Form):
    """Asked when an application or a proposal is started: how they heard of the call, and
    whether the link they arrived by may be kept."""

    heard_from = forms.ModelChoiceField(
        queryset=HeardFromAnswer.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Dites-nous comment vous avez connu cet appel."),
            "invalid_choice": _("Choisissez une des réponses proposées."),
        },
    )
    link_consent = forms.BooleanField(label=CONSENT_LABEL, required=False)

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        field = self.fields["heard_from"]
        if question is None:
            del self.fields["heard_from"]
            return
        field.label = question.label
        field.required = question.required
        field.queryset = question.answers.filter(active=True)
        field.empty_label = None
