"""Posts (with their categories), pages and FAQ entries."""

from collections import defaultdict

from django.utils import timezone

from cohorte.content.models import FaqEntry, Page, Post

from .records import UPDATE
from .resolver import folded
from .store import Context, Terms, assign, record_outcome, unique_slug

SIMILAR = 0.6  # share of words two titles of the same day must have in common to be one post


def store_posts(ctx: Context, terms: Terms) -> None:
    """Upsert posts: same slug, else same title and language (and day, when several)."""
    existing = list(Post.objects.all())
    by_slug = {post.slug: post for post in existing}
    by_title, by_day = defaultdict(list), defaultdict(list)
    for post in existing:
        by_title[(folded(post.title), post.language)].append(post)
        by_day[(timezone.localdate(post.published_at), post.language)].append(post)
    through = Post.categories.through
    linked = defaultdict(set)
    for post_id, category_id in through.objects.values_list("post_id", "category_id"):
        linked[post_id].add(category_id)
    slugs, seen, new_links = set(by_slug), {}, []
    for record in ctx.data.posts:
        post = (
            by_slug.get(record.slug) or _same_title(by_title, record) or _same_day(by_day, record)
        )
        if post is not None and post.pk in seen:
            ctx.warnings.add(record.file, f"same post as {seen[post.pk]}: skipped")
            continue
        created = post is None
        if created:
            post = Post(
                slug=unique_slug(record.slug, slugs),
                published_at=record.published_at or timezone.now(),
                language=record.language,
            )
            by_slug[post.slug] = post
        values = {
            "title": record.title,
            "kind": record.kind,
            "author": record.author,
            "published_at": record.published_at,
            "description": record.description,
            "image": record.image,
            "body": record.body,
            # Only the mark is imported: an offer the team marked filled stays filled.
            "filled": True if record.filled else None,
            "open_until": record.open_until,
        }
        changed = assign(
            post, values, ctx.policy_for(created), lambda r, f=record.file: ctx.warnings.add(f, r)
        )
        if (created or ctx.policy == UPDATE) and post.is_published != record.is_published:
            post.is_published, changed = record.is_published, True
        if created or changed:
            post.save()
        seen[post.pk] = record.file
        for name in record.categories:
            category = terms.get("categories", name)
            if category and category.pk not in linked[post.pk]:
                linked[post.pk].add(category.pk)
                new_links.append(through(post_id=post.pk, category_id=category.pk))
                changed = True
        ctx.tally.note(
            "posts", post.pk, "created" if created else "updated" if changed else "unchanged"
        )
    through.objects.bulk_create(new_links)


def _same_title(by_title: dict, record):
    """The one stored post with this title and language (the same day breaks ties)."""
    candidates = by_title.get((folded(record.title), record.language), [])
    if len(candidates) > 1 and record.published_at:
        day = timezone.localdate(record.published_at)
        candidates = [p for p in candidates if timezone.localdate(p.published_at) == day]
    return candidates[0] if len(candidates) == 1 else None


def _same_day(by_day: dict, record):
    """The one stored post of the same day and language whose title shares most words."""
    # The Hugo site retitled a few posts: "[VIDEO] Bilan intermédiaire : où en est la
    # promotion EIG 4 ?" became "Bilan intermédiaire : où en est la 4ème promotion EIG ?".
    if record.published_at is None:
        return None
    day = timezone.localdate(record.published_at)
    words = set(folded(record.title).split())
    close = [
        post
        for post in by_day.get((day, record.language), [])
        if len(words & set(folded(post.title).split()))
        >= SIMILAR * len(words | set(folded(post.title).split()))
    ]
    return close[0] if len(close) == 1 else None


def store_pages(ctx: Context) -> None:
    """Upsert pages by address."""
    by_slug = {page.slug: page for page in Page.objects.all()}
    for record in ctx.data.pages:
        page = by_slug.get(record.slug)
        created = page is None
        if created:
            page = by_slug[record.slug] = Page(slug=record.slug)
        values = {
            "title": record.title,
            "description": record.description,
            "body": record.body,
            "language": record.language,
        }
        changed = assign(
            page, values, ctx.policy_for(created), lambda r, f=record.file: ctx.warnings.add(f, r)
        )
        record_outcome(ctx, "pages", page, created, changed and not created)


def store_faq(ctx: Context) -> None:
    """Upsert FAQ entries by audience, language and question."""
    by_key = {(e.audience, e.language, folded(e.question)): e for e in FaqEntry.objects.all()}
    for record in ctx.data.faq:
        key = (record.audience, record.language, folded(record.question))
        entry = by_key.get(key)
        created = entry is None
        if created:
            entry = by_key[key] = FaqEntry(audience=record.audience, language=record.language)
        values = {
            "question": record.question,
            "answer": record.answer,
            "section": record.section,
            "order": record.order,
        }
        changed = assign(
            entry, values, ctx.policy_for(created), lambda r, f=record.file: ctx.warnings.add(f, r)
        )
        record_outcome(ctx, "faq", entry, created, changed and not created)
