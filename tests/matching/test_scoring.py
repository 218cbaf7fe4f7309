"""The score's terms and their explanations, without a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from datasources.seed import vocabulary as seed_words
from domain.matching import weights
from domain.matching.explain import detail
from domain.matching.model import Need, Offer, Party, Place, Track
from domain.matching.scoring import proximity, score_pair, target_fit, time_overlap, track_record, waiting
from domain.matching.vocabulary import SKILLS, SLOTS, slot_of, unknown_skills

NOW = datetime(2026, 11, 28, 8, tzinfo=UTC)
HOME = Place(1, "东华门街道", 39.92, 116.41)


def need(**values) -> Need:  # type: ignore[no-untyped-def]
    base = Need(
        id=1,
        category="PROFESSIONAL_SERVICE",
        status="OPEN",
        party=Party("HOME", 1),
        place=HOME,
        urgency="MEDIUM",
        target_group="WOMEN",
        quantity=2,
        quantity_matched=0,
        created_at=NOW - timedelta(days=5),
        needed_by=NOW + timedelta(days=30),
        tags=frozenset({"心理", "心理咨询"}),
    )
    return replace(base, **values)


def offer(**values) -> Offer:  # type: ignore[no-untyped-def]
    base = Offer(
        id=1,
        category="PROFESSIONAL_SERVICE",
        status="PUBLISHED",
        party=Party("ORGANIZATION", 2, track=Track(23, 108, 9, 1)),
        place=Place(1, None, 39.93, 116.42),
        quantity=5,
        quantity_committed=0,
        service_radius_km=10.0,
        tags=frozenset({"心理", "情绪疏导"}),
        target_groups=frozenset({"WOMEN"}),
        available_from=NOW - timedelta(days=3),
        available_until=NOW + timedelta(days=100),
    )
    return replace(base, **values)


def test_each_kind_of_match_has_weights_that_add_up_to_one() -> None:
    assert sum(weights.WEIGHTS.values()) == pytest.approx(1.0)
    assert sum(weights.OPPORTUNITY_WEIGHTS.values()) == pytest.approx(1.0)


def test_the_contributions_add_up_to_the_score_and_stay_in_bounds() -> None:
    scored = score_pair(need(), offer(), NOW)
    assert [r.factor for r in scored.reasons] == list(weights.WEIGHTS)
    assert sum(r.contribution for r in scored.reasons) == pytest.approx(scored.score, abs=1e-15)
    for reason in scored.reasons:
        assert 0.0 <= reason.value <= 1.0
        assert reason.contribution == pytest.approx(reason.weight * reason.value)
    assert 0.0 < scored.score < 1.0


def test_same_subdistrict_beats_same_district_beats_another_district_at_the_same_distance() -> None:
    at = (39.93, 116.42)
    same_sub = proximity(HOME, Place(1, "东华门街道", *at))[0]
    same_district = proximity(HOME, Place(1, "景山街道", *at))[0]
    elsewhere = proximity(HOME, Place(2, None, *at))[0]
    assert same_sub > same_district > elsewhere > 0
    assert proximity(HOME, Place(2, None, 39.93, 116.50))[0] < elsewhere  # farther decays


def test_distance_without_coordinates_still_counts_the_district() -> None:
    value, facts = proximity(HOME, Place(1, None, None, None))
    assert facts["km"] is None and facts["tie"] == "district"
    assert value == pytest.approx(
        weights.DECAY_SHARE * weights.UNKNOWN_DECAY + (1 - weights.DECAY_SHARE) * 0.5
    )


def test_waiting_grows_with_time_and_urgency() -> None:
    fresh_low = waiting(need(urgency="LOW", created_at=NOW), NOW)[0]
    fresh_critical = waiting(need(urgency="CRITICAL", created_at=NOW), NOW)[0]
    old_low = waiting(need(urgency="LOW", created_at=NOW - timedelta(days=60)), NOW)[0]
    assert fresh_critical > fresh_low
    assert old_low > fresh_low
    assert waiting(need(urgency="CRITICAL", created_at=NOW - timedelta(days=10)), NOW)[0] > 0.95


def test_target_groups_exact_then_broader_then_general_then_other() -> None:
    exact = target_fit("SINGLE_MOTHERS", {"SINGLE_MOTHERS"})[0]
    broader = target_fit("SINGLE_MOTHERS", {"WOMEN"})[0]
    general = target_fit("SINGLE_MOTHERS", {"GENERAL"})[0]
    other = target_fit("SINGLE_MOTHERS", {"CHILDREN"})[0]
    assert exact > broader > general > other == 0.0
    assert target_fit("CHILDREN", set())[1]["relation"] == "general"  # no group named: anyone


def test_time_overlap_is_the_share_of_the_needed_window_covered() -> None:
    assert time_overlap(need(), offer(), NOW)[0] == pytest.approx(1.0)
    half = offer(available_until=NOW + timedelta(days=15))
    assert time_overlap(need(), half, NOW)[0] == pytest.approx(0.5)
    starts_late = offer(available_from=NOW + timedelta(days=24))
    assert time_overlap(need(), starts_late, NOW)[0] == pytest.approx(0.2)


def test_reputation_trusts_many_ratings_over_one_and_punishes_cancelling() -> None:
    one_five = track_record(Track(1, 5, 1, 0))[0]
    many_good = track_record(Track(40, 184, 30, 1))[0]
    assert many_good > one_five
    cancels = track_record(Track(40, 184, 10, 20))[0]
    assert cancels < many_good


def test_details_in_chinese_and_english() -> None:
    home_nearby = offer(place=Place(1, "东华门街道", 39.92, 116.41 + 1.2 / 85.2))
    reasons = {r.factor: r for r in score_pair(need(), home_nearby, NOW).reasons}
    assert detail(reasons["distance"], "zh-CN") == "同一街道, 1.2 公里"
    assert detail(reasons["distance"], "en") == "Same sub-district, 1.2 km"
    rated = {
        r.factor: r
        for r in score_pair(need(), offer(party=Party("ORGANIZATION", 2, track=Track(23, 108))), NOW).reasons
    }
    assert detail(rated["reputation"], "zh-CN") == "评分 4.7 (23 次评价)"
    assert detail(rated["reputation"], "en") == "Rated 4.7 (23 ratings)"
    assert detail(reasons["category_fit"], "zh-CN") == "同类资源，标签相符 1/2（心理）"
    assert detail(reasons["waiting"], "en") == "Medium urgency, waiting for 5 days"
    assert detail(reasons["target_group"], "zh-CN") == "服务对象相符（妇女）"


def test_the_skill_vocabulary_is_the_seeds() -> None:
    assert seed_words.SKILLS == SKILLS
    assert seed_words.AVAILABILITY == SLOTS
    assert unknown_skills(["摄影", "跳伞"]) == ["跳伞"]


def test_slots_are_read_in_beijing_time() -> None:
    saturday_in_utc = datetime(2026, 12, 5, 19, tzinfo=UTC)  # Sunday 03:00 in Beijing: before evening
    assert slot_of(saturday_in_utc) == "WEEKEND_DAYTIME"
    assert slot_of(datetime(2026, 12, 2, 11, tzinfo=UTC)) == "WEEKDAY_EVENING"  # Wednesday 19:00
