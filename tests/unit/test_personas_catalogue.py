"""The persona catalogue: validation names file, entry and problem; naming gives every cluster
exactly one persona and no name twice."""

from pathlib import Path

import polars as pl
import pytest
import yaml

from pipelines.analytics.personas.catalogue import (
    CATALOGUE_ENV,
    DEFAULT_CATALOGUE,
    CatalogueError,
    load_catalogue,
    name_clusters,
    parse_catalogue,
)

VALID = {
    "clusters": 3,
    "fallback": "Other customers",
    "personas": [
        {"name": "Browsers", "description": "Never bought.", "rule": "is_buyer < 0.5"},
        {
            "name": "Bargain hunters",
            "description": "Use discount codes.",
            "rule": "discount_share > 0.3",
            "prefer": "discount_share",
        },
        {"name": "Regulars", "description": "Buy often.", "rule": "purchases_per_year > 10"},
    ],
}


def _write(tmp_path: Path, document) -> Path:
    path = tmp_path / "catalogue.yml"
    path.write_text(document if isinstance(document, str) else yaml.safe_dump(document))
    return path


def _with_persona(index: int, **changes) -> dict:
    personas = [dict(p) for p in VALID["personas"]]
    personas[index] = {**personas[index], **changes}
    return {**VALID, "personas": personas}


def test_the_shipped_catalogue_is_valid_and_names_seven_personas():
    catalogue = load_catalogue(DEFAULT_CATALOGUE)
    assert catalogue.clusters == 7
    assert len({p.name for p in catalogue.personas}) == len(catalogue.personas) == 7


def test_the_environment_variable_is_read_when_loading(tmp_path, monkeypatch):
    path = _write(tmp_path, VALID)
    monkeypatch.setenv(CATALOGUE_ENV, str(path))
    assert load_catalogue().path == str(path)
    monkeypatch.delenv(CATALOGUE_ENV)
    assert load_catalogue().path == str(DEFAULT_CATALOGUE)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("personas: [name: x\n  - broken", "not valid YAML"),
        (["a list"], "must be a mapping"),
        ({**VALID, "clusterz": 3}, "unknown key(s) clusterz"),
        ({**VALID, "clusters": 1}, "clusters must be a whole number of at least 2"),
        ({**VALID, "fallback": ""}, "fallback must be a non-empty name"),
        ({**VALID, "personas": []}, "personas must be a non-empty list"),
        ({**VALID, "concern_weights": {"mood": 2}}, "unknown concern 'mood'"),
        ({**VALID, "concern_weights": {"rfm": -1}}, "rfm must be a positive number"),
        (
            _with_persona(1, rule="discount_shaer > 0.3"),
            "persona 2 ('Bargain hunters'): rule 'discount_shaer > 0.3' refers to unknown "
            "column(s) discount_shaer",
        ),
        (
            _with_persona(1, rule="discount_share >"),
            "persona 2 ('Bargain hunters'): rule 'discount_share >' is not valid SQL",
        ),
        (
            _with_persona(1, rule="discount_share * 2"),
            "persona 2 ('Bargain hunters'): rule 'discount_share * 2' must give true/false",
        ),
        (
            _with_persona(1, prefer="channel_preference"),
            "persona 2 ('Bargain hunters'): prefer 'channel_preference' must give a number",
        ),
        (_with_persona(2, name="browsers"), "persona 3 ('browsers'): duplicate name"),
        (_with_persona(0, name=""), "persona 1: name must be a non-empty text"),
        (_with_persona(0, rulee="x"), "persona 1 ('Browsers'): unknown key(s) rulee"),
        (_with_persona(0, description=None), "persona 1 ('Browsers'): description must be"),
        (
            _with_persona(2, name="Other customers 1"),
            "persona 3 ('Other customers 1'): clashes with the fallback name",
        ),
    ],
)
def test_a_bad_catalogue_is_refused_naming_file_entry_and_problem(tmp_path, document, expected):
    path = _write(tmp_path, document)
    with pytest.raises(CatalogueError) as error:
        load_catalogue(path)
    assert str(error.value).startswith(f"{path}: ")
    assert expected in str(error.value)


def test_a_missing_file_is_refused_with_its_path(tmp_path):
    with pytest.raises(CatalogueError, match="cannot read the persona catalogue"):
        load_catalogue(tmp_path / "nowhere.yml")


def _profiles(**columns) -> pl.DataFrame:
    n = len(next(iter(columns.values())))
    base = {
        "cluster": list(range(n)),
        "customers": [100] * n,
        "is_buyer": [1.0] * n,
        "discount_share": [0.1] * n,
        "purchases_per_year": [2.0] * n,
    }
    return pl.DataFrame({**base, **columns})


def _names(profiles: pl.DataFrame, document: dict = VALID) -> dict[int, str]:
    named = name_clusters(profiles, parse_catalogue(document, Path("test.yml")))
    assert named["cluster"].to_list() == sorted(profiles["cluster"].to_list())
    assert named["persona"].n_unique() == named.height
    return dict(zip(named["cluster"], named["persona"], strict=True))


def test_each_persona_names_the_matching_cluster():
    profiles = _profiles(
        is_buyer=[1.0, 0.0, 1.0], discount_share=[0.1, 0.0, 0.6], purchases_per_year=[20, 0, 5]
    )
    assert _names(profiles) == {0: "Regulars", 1: "Browsers", 2: "Bargain hunters"}


def test_of_two_clusters_matching_one_persona_the_preferred_one_gets_it_the_other_falls_back():
    profiles = _profiles(discount_share=[0.4, 0.7, 0.5], purchases_per_year=[2.0, 2.0, 30.0])
    # Cluster 2 also matches Bargain hunters, but cluster 1 discounts more; 2 is a regular.
    assert _names(profiles) == {0: "Other customers 1", 1: "Bargain hunters", 2: "Regulars"}


def test_without_prefer_the_biggest_cluster_wins_and_leftovers_are_numbered():
    profiles = _profiles(customers=[10, 50, 30, 20], is_buyer=[0.0, 0.0, 0.0, 1.0])
    assert _names(profiles) == {
        0: "Other customers 1",
        1: "Browsers",
        2: "Other customers 2",
        3: "Other customers 3",
    }


def test_more_clusters_than_personas_still_gives_distinct_names():
    profiles = _profiles(is_buyer=[0.0] * 6)
    names = _names(profiles)
    assert sorted(names.values()) == ["Browsers", *(f"Other customers {n}" for n in range(1, 6))]


def test_a_category_the_shop_never_sold_counts_as_a_zero_share():
    # The shipped catalogue names demo categories; on a shop without them a rule reads 0.
    document = _with_persona(1, rule="category_share_cadeaus > 0.2")
    names = _names(_profiles(is_buyer=[1.0, 0.0]), document)
    assert "Bargain hunters" not in names.values()
    assert "Browsers" in names.values()
    document = _with_persona(1, rule="category_share_cadeaus = 0")
    assert "Bargain hunters" in _names(_profiles(is_buyer=[1.0, 0.0]), document).values()
