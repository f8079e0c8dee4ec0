"""The post editor's changes: each save writes a revision and an audit entry, in one
transaction with the post itself."""

import difflib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cohorte.audit.domain import record
from cohorte.content.models import Post, PostAttachment, PostRevision, Tag

# The fields a revision keeps, with their labels on the diff page, in the editor's order.
FIELDS = [
    ("title", _("Titre")),
    ("slug", _("Identifiant dans l’adresse")),
    ("kind", _("Type")),
    ("language", _("Langue")),
    ("translation_of", _("Traduction de")),
    ("authors", _("Auteurs")),
    ("author", _("Auteur (texte libre)")),
    ("categories", _("Catégories")),
    ("tags", _("Étiquettes")),
    ("description", _("Résumé")),
    ("body", _("Contenu")),
    ("image", _("Image")),
    ("image_alt", _("Texte alternatif de l’image")),
    ("open_until", _("Ouverte jusqu’au")),
    ("filled", _("Poste pourvu")),
    ("state", _("État")),
    ("published_at", _("Date de publication")),
]
LONG_FIELDS = {"body", "description"}


def state_label(post) -> str:
    """Draft, scheduled or published, as the team reads it."""
    if not post.is_published:
        return str(_("brouillon"))
    if post.published_at > timezone.now():
        return str(_("programmée"))
    return str(_("publiée"))


def snapshot(post) -> dict:
    """The editable fields of a saved post, as text (what a revision keeps)."""
    return {
        "title": post.title,
        "slug": post.slug,
        "kind": post.get_kind_display(),
        "language": post.get_language_display(),
        "translation_of": post.translation_of.title if post.translation_of_id else "",
        "authors": ", ".join(person.full_name for person in post.authors.order_by("full_name")),
        "author": post.author,
        "categories": ", ".join(category.name for category in post.categories.all()),
        "tags": ", ".join(tag.name for tag in post.tags.all()),
        "description": post.description,
        "body": post.body,
        "image": post.image_file.name or post.image,
        "image_alt": post.image_alt,
        "open_until": post.open_until.strftime("%d/%m/%Y") if post.open_until else "",
        "filled": str(_("oui") if post.filled else _("non")),
        "state": str(_("publiée")) if post.is_published else str(_("brouillon")),
        "published_at": timezone.localtime(post.published_at).strftime("%d/%m/%Y %H:%M"),
    }


def add_revision(post, user) -> PostRevision:
    """Keep the post's current fields as its next revision."""
    last = post.revisions.aggregate(last=Max("number"))["last"] or 0
    return PostRevision.objects.create(
        post=post, number=last + 1, created_by=user, snapshot=snapshot(post)
    )


def keep_first_version(post_id) -> None:
    """Before the first change made here to a post (an imported one), keep it as it was."""
    if not PostRevision.objects.filter(post_id=post_id).exists():
        add_revision(Post.objects.get(pk=post_id), None)


def tags_from_text(text: str) -> list[Tag]:
    """The tags named in a comma-separated text, created when new."""
    tags = []
    for name in dict.fromkeys(part.strip() for part in text.split(",")):
        slug = slugify(name)[:120]
        if not slug:
            continue
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name[:120]})
        tags.append(tag)
    return tags


def unique_slug(title: str, exclude_pk=None) -> str:
    """A slug made of the title, numbered when already taken."""
    base = slugify(title)[:240] or "publication"
    slug, n = base, 1
    while Post.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _audit_action(was_new: bool, was_published: bool, was_at, post) -> str:
    if post.is_published and (not was_published or was_at != post.published_at):
        return "post.scheduled" if post.published_at > timezone.now() else "post.published"
    if was_published and not post.is_published:
        return "post.unpublished"
    return "post.created" if was_new else "post.updated"


@dataclass(frozen=True)
class Before:
    """A post's state before a change: audit entries name the change from it."""

    is_new: bool
    is_published: bool
    published_at: object

    @classmethod
    def of(cls, post):
        if post.pk is None:
            return cls(True, False, None)
        saved = Post.objects.filter(pk=post.pk).values("is_published", "published_at").get()
        return cls(False, saved["is_published"], saved["published_at"])


def save(form, user, before: Before) -> tuple[Post, str]:
    """Save the editor's form, its revision and audit entry; returns the post and the action."""
    with transaction.atomic():
        if not before.is_new:
            keep_first_version(form.instance.pk)
        post = form.save()
        add_revision(post, user)
        action = _audit_action(before.is_new, before.is_published, before.published_at, post)
        record(action, post, user, title=post.title, published_at=post.published_at.isoformat())
    return post, action


def publish_now(post, user) -> None:
    """Make a draft or a scheduled post public at once."""
    with transaction.atomic():
        keep_first_version(post.pk)
        post.is_published = True
        post.published_at = timezone.now()
        post.save(update_fields=["is_published", "published_at", "updated_at"])
        add_revision(post, user)
        record(
            "post.published",
            post,
            user,
            title=post.title,
            published_at=post.published_at.isoformat(),
        )


def unpublish(post, user) -> None:
    """Take a post off the site (it becomes a draft again)."""
    with transaction.atomic():
        keep_first_version(post.pk)
        post.is_published = False
        post.save(update_fields=["is_published", "updated_at"])
        add_revision(post, user)
        record("post.unpublished", post, user, title=post.title)


def add_attachment(post, checked, title: str, user) -> PostAttachment:
    """Attach a checked file to a post."""
    with transaction.atomic():
        attachment = PostAttachment(
            post=post,
            title=title,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=len(checked.content),
        )
        attachment.file.save(checked.original_name, ContentFile(checked.content), save=False)
        attachment.save()
        record("post.attachment_added", post, user, attachment=attachment.pk, title=title)
    return attachment


def delete_attachment(attachment, user) -> None:
    """Remove an attached file from its post and from the storage."""
    post, name = attachment.post, attachment.file.name
    with transaction.atomic():
        record(
            "post.attachment_deleted", post, user, attachment=attachment.pk, title=attachment.title
        )
        attachment.delete()
        transaction.on_commit(lambda: attachment.file.storage.delete(name))


@dataclass(frozen=True)
class Change:
    """One field that differs between two revisions: its lines, each kept, deleted or inserted."""

    label: str
    lines: list[tuple[str, str]]  # (" ", "-" or "+", text)


def differences(old: dict, new: dict) -> list[Change]:
    """The fields that differ between two snapshots, line by line for the long texts."""
    changes = []
    for name, label in FIELDS:
        a, b = str(old.get(name, "")), str(new.get(name, ""))
        if a == b:
            continue
        if name in LONG_FIELDS:
            lines = []
            for line in difflib.ndiff(a.splitlines(), b.splitlines()):
                if line[:1] in (" ", "-", "+"):
                    lines.append((line[:1], line[2:]))
        else:
            lines = [("-", a)] if a else []
            lines += [("+", b)] if b else []
        changes.append(Change(str(label), lines))
    return changes
