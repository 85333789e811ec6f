"""Every fault has a plain-language explanation, cautiously worded."""

from hingecoach.form.explain import EXPLANATIONS, Phase, explain_fault, fault_name
from hingecoach.form.findings import FaultCode


def test_every_fault_code_has_an_explanation():
    missing = [code.value for code in FaultCode if code not in EXPLANATIONS]
    assert not missing, f"add an entry to form/explain.py EXPLANATIONS for {missing}"
    names = [explain_fault(code).name for code in FaultCode]
    assert len(set(names)) == len(names)
    for code in FaultCode:
        text = explain_fault(code)
        assert all(len(part) > 20 for part in (text.what, text.why, text.good)), code
        assert "_" not in text.name and text.name[0].isupper()


def test_the_words_never_diagnose():
    for text in EXPLANATIONS.values():
        words = f"{text.what} {text.why} {text.good}".lower()
        for banned in ("diagnos", "injur", "damage", "disc", "hernia"):
            assert banned not in words


def test_lockout_faults_are_seen_at_the_lockout():
    assert explain_fault("incomplete_lockout").phase is Phase.LOCKOUT
    assert explain_fault("leaning_back").phase is Phase.LOCKOUT
    assert explain_fault("rounded_back").phase is Phase.BOTTOM


def test_an_unknown_code_gets_a_generic_explanation():
    assert fault_name("new_fault_from_a_newer_file") == "New fault from a newer file"
    assert fault_name("rounded_back") == "Back rounding"
