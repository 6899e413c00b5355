"""Article file names → stable, unique, safe URL slugs."""

from generator.ingest.slugs import assign_slugs, entity_slug, slugify_stem


def test_safe_stems_are_kept_as_the_contract_says() -> None:
    assert slugify_stem("000_36d17d9b2d82f2a5") == "000_36d17d9b2d82f2a5"
    assert slugify_stem("dots.in.name") == "dots.in.name"


def test_names_that_would_collide_after_slugging_stay_distinct() -> None:
    stems = ["a b", "a-b", "A-B", "a/b", "a?b", "مقال عربي", "مقال-عربي", "../../etc", ".hidden"]
    slugs = assign_slugs(stems)
    assert len(set(s.lower() for s in slugs.values())) == len(stems)
    for slug in slugs.values():
        assert "/" not in slug and ".." not in slug and not slug.startswith(".") and " " not in slug
    assert assign_slugs(stems) == slugs  # stable


def test_long_names_are_shortened() -> None:
    assert len(slugify_stem("x" * 300)) < 100


def test_entity_slugs_are_readable() -> None:
    assert entity_slug("سيرغي لافروف") == "سيرغي-لافروف"
