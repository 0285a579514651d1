//! Adversarial inputs complete and give the right positioned diagnostic:
//! deep nesting, repeated characters, identical headings, huge ranges,
//! alias bombs (see `adversarial_cases.rs`). No time limits here (the
//! machine is shared and noisy): `bench/adversarial.sh` times them.

use crate::adversarial_cases::{cases, Case, Scale};
use crate::harness::SiteTest;

fn site(case: &Case) -> SiteTest {
    let site = SiteTest::empty();
    site.write("site.yaml", "title: adversarial\n");
    for (rel, text) in &case.files {
        site.write(rel, text);
    }
    site
}

fn assert_case(case: &Case) {
    let built = site(case).build();
    let d = built.diagnostic_at(&case.expect.at);
    assert_eq!(d.is_error(), case.expect.error, "{}: {d}", case.name);
    assert!(
        d.message.starts_with(case.expect.message),
        "{}: expected `{}…`, got {d}",
        case.name,
        case.expect.message
    );
    assert!(d.hint.is_some(), "{}: no hint: {d}", case.name);
    let snippet = d.snippet.as_deref().unwrap_or_default();
    assert!(
        snippet.chars().count() <= manabi::diagnostics::SNIPPET_CHARS + 2,
        "{}: the snippet is cut around the caret",
        case.name
    );
    assert_eq!(built.succeeded(), !case.expect.error, "{}", case.name);
}

fn case(name: &str) -> Case {
    cases(Scale::Test)
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

#[test]
fn huge_hl_lines_range_is_clamped_with_a_warning() {
    let case = case("hl_lines_huge");
    assert_case(&case);
    let built = site(&case).build();
    let page = built.file("a/index.html");
    assert_eq!(page.matches(r#"<span class="line hl">"#).count(), 1);
}

#[test]
fn malformed_hl_lines_are_warnings_at_the_fence() {
    let case = case("hl_lines_malformed");
    assert_case(&case);
    let warnings = site(&case).build().warnings();
    for needle in ["`0` in `hl_lines`", "`-1` in `hl_lines`", "range `5-2`"] {
        assert!(
            warnings.iter().any(|w| w.contains(needle)),
            "{needle}: {warnings:#?}"
        );
    }
}

#[test]
fn title_of_one_repeated_character_is_an_error_at_the_title() {
    assert_case(&case("title_repeated"));
}

#[test]
fn megabyte_title_is_an_error_at_the_title() {
    assert_case(&case("title_huge"));
}

#[test]
fn alias_of_one_repeated_character_is_an_error_at_the_alias() {
    assert_case(&case("alias_repeated"));
}

#[test]
fn twenty_thousand_identical_headings_get_numbered_ids() {
    let case = case("headings_identical");
    assert_case(&case);
    let page = site(&case).build().file("a/index.html");
    assert!(page.contains(r#"<h2 id="見出し-19998">"#));
    assert!(
        page.contains(r#"<h2 id="見出し-19999">"#),
        "the explicit id"
    );
}

#[test]
fn deep_yaml_flow_nesting_is_an_error_at_the_bracket() {
    assert_case(&case("yaml_flow_deep"));
}

#[test]
fn yaml_alias_fan_out_is_an_error_at_the_first_alias() {
    assert_case(&case("yaml_alias_fan_out"));
}

#[test]
fn yaml_billion_laughs_is_an_error_at_the_first_alias() {
    assert_case(&case("yaml_billion_laughs"));
}

#[test]
fn deeply_nested_formula_is_an_error_at_the_formula() {
    assert_case(&case("math_deep"));
}

#[test]
fn twenty_thousand_problems_in_one_note_are_all_reported() {
    let case = case("problems_many");
    assert_case(&case);
    assert_eq!(site(&case).build().errors().len(), 20_000);
}

#[test]
fn one_id_in_thousands_of_questions_lists_a_few_other_places() {
    let case = case("quiz_duplicate_ids");
    assert_case(&case);
    let built = site(&case).build();
    let d = built.diagnostic_at(&case.expect.at);
    assert!(d.message.ends_with("and 4994 more"), "{}", d.message);
    assert_eq!(built.errors().len(), 5_000);
}
