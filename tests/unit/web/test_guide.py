from hingecoach.web.guide import CAMERA_STEPS, VARIANT_IDS, guide_message, variant_guides


def test_every_shared_variant_id_is_offered_with_its_set_up_steps():
    assert VARIANT_IDS == (
        "auto", "bodyweight_hinge", "dowel_hinge", "band_hinge", "good_morning",
        "dumbbell_rdl", "dumbbell_deadlift", "barbell_rdl", "deadlift", "b_stance_rdl",
        "single_leg_rdl", "daily",
    )  # fmt: skip
    guides = {guide.id: guide for guide in variant_guides()}
    assert list(guides) == list(VARIANT_IDS)
    steps = " ".join(guides["bodyweight_hinge"].steps)
    for words in ("shoulder-width", "clasped at the waist", "without tucking", "Soft knees"):
        assert words in steps
    assert all(guide.name and len(guide.steps) == 4 for guide in guides.values())
    assert "hinge" in " ".join(guides["daily"].steps)  # daily practice: everyday bends


def test_guide_message_has_the_camera_steps():
    message = guide_message()
    assert message["camera"] == list(CAMERA_STEPS)
    assert "hip height" in message["camera"][0] and "2 to 3 metres" in message["camera"][0]
