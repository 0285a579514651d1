//! Raw serde types of one question as written (compact or rich form),
//! before validation. Every field is optional and scalars are read
//! leniently (`answer: 2`, `answer: [1, 3]`, `- GPT-J` or `- { text: GPT-J }`).
//!
//! Reading is done per question from an already parsed YAML value, so one
//! question's mistakes never hide another's: unknown keys are reported and
//! removed first (the types still `deny_unknown_fields`), and a type error
//! is pinned to its key by re-reading the keys one at a time.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_yaml::{Mapping, Value};

use crate::yaml::{Text, TextList};

/// Keys of a question.
pub const QUESTION_KEYS: &[&str] = &[
    "id",
    "type",
    "question",
    "choices",
    "answer",
    "accept",
    "model_answer",
    "points",
    "explanation",
    "related",
    "area",
];

/// Keys of a choice written as a mapping.
pub const CHOICE_KEYS: &[&str] = &["text", "correct", "explain"];

/// One question as written. `C` is how a choice is read: [`RawChoice`],
/// or [`super::clean::CleanChoice`] when reading without a YAML value.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion<C = RawChoice> {
    pub id: Option<Text>,
    #[serde(rename = "type")]
    pub kind: Option<Text>,
    pub question: Option<Text>,
    pub choices: Option<Vec<C>>,
    pub answer: Option<Answer>,
    pub accept: Option<TextList>,
    pub model_answer: Option<Text>,
    pub points: Option<TextList>,
    pub explanation: Option<Text>,
    pub related: Option<TextList>,
    pub area: Option<Text>,
}

/// A choice: plain text (compact form) or `{text, correct, explain}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawChoice {
    Plain(String),
    Rich(RawChoiceMap),
}

/// The rich form of a choice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChoiceMap {
    pub text: Option<Text>,
    pub correct: Option<bool>,
    pub explain: Option<Text>,
}

impl RawChoice {
    /// The choice text, trimmed ("" when missing).
    pub fn text(&self) -> String {
        match self {
            RawChoice::Plain(t) => t.trim().to_string(),
            RawChoice::Rich(m) => m
                .text
                .as_ref()
                .map(|t| t.0.trim().to_string())
                .unwrap_or_default(),
        }
    }

    /// The `correct:` flag, if written.
    pub fn correct(&self) -> Option<bool> {
        match self {
            RawChoice::Plain(_) => None,
            RawChoice::Rich(m) => m.correct,
        }
    }

    pub fn explain(&self) -> Option<String> {
        match self {
            RawChoice::Plain(_) => None,
            RawChoice::Rich(m) => m
                .explain
                .as_ref()
                .map(|t| t.0.trim().to_string())
                .filter(|t| !t.is_empty()),
        }
    }
}

impl<'de> Deserialize<'de> for RawChoice {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(RawChoice::Plain(String::new())),
            map @ Value::Mapping(_) => RawChoiceMap::deserialize(map)
                .map(RawChoice::Rich)
                .map_err(de::Error::custom),
            Value::Sequence(_) | Value::Tagged(_) => Err(de::Error::custom(
                "a choice is text, or a mapping such as `{ text: GPT-J, correct: true }`",
            )),
            scalar => Text::deserialize(scalar)
                .map(|t| RawChoice::Plain(t.0))
                .map_err(de::Error::custom),
        }
    }
}

/// `answer:` — one 1-based choice number or a list of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer(pub Vec<i64>);

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AnswerVisitor)
    }
}

struct AnswerVisitor;

const ANSWER_EXPECTED: &str =
    "a choice number (1-based) or a list of them, e.g. `answer: 2` or `answer: [1, 3]`";

impl<'de> Visitor<'de> for AnswerVisitor {
    type Value = Answer;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(ANSWER_EXPECTED)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Answer, E> {
        Ok(Answer(vec![v]))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Answer, E> {
        Ok(Answer(vec![i64::try_from(v).unwrap_or(i64::MAX)]))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Answer, E> {
        NumberVisitor.visit_str(v).map(|Number(n)| Answer(vec![n]))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Answer, A::Error> {
        let mut out = Vec::new();
        while let Some(Number(n)) = seq.next_element::<Number>()? {
            out.push(n);
        }
        Ok(Answer(out))
    }
}

/// One choice number in an `answer:` list.
struct Number(i64);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumberVisitor)
    }
}

struct NumberVisitor;

impl Visitor<'_> for NumberVisitor {
    type Value = Number;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(ANSWER_EXPECTED)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
        Ok(Number(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
        Ok(Number(i64::try_from(v).unwrap_or(i64::MAX)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Number, E> {
        v.trim()
            .parse()
            .map(Number)
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

/// A key no raw type knows, with its path inside the question
/// (`anwser`, `choices.1.corect`) and the keys valid there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    pub path: String,
    pub key: String,
    pub known: &'static [&'static str],
}

/// A value of the wrong type, with its path inside the question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub key: String,
    pub message: String,
}

/// Removes (and returns) the keys of `map` and of its rich choices that no
/// raw type knows.
pub fn take_unknown_keys(map: &mut Mapping) -> Vec<UnknownKey> {
    let mut found = take_unknown(map, "", QUESTION_KEYS);
    if let Some(Value::Sequence(choices)) = map.get_mut("choices") {
        for (i, choice) in choices.iter_mut().enumerate() {
            if let Value::Mapping(m) = choice {
                found.extend(take_unknown(m, &format!("choices.{i}"), CHOICE_KEYS));
            }
        }
    }
    found
}

/// A note's front-matter `quiz:` as the note keeps it until the quiz is
/// validated: a parsed YAML value takes several times the memory of the
/// question it holds, so each well-formed question is read when the note
/// is parsed, and only the others are kept as written, to be reported.
#[derive(Debug, Clone)]
pub enum RawQuiz {
    /// `quiz:` is a list: its items.
    List(Vec<RawItem>),
    /// Anything else: one question, nothing (`~`), or a mistake.
    One(Box<RawItem>),
}

/// One question of [`RawQuiz`].
#[derive(Debug, Clone)]
pub enum RawItem {
    /// A non-empty mapping without unknown keys or type errors.
    Read(RawQuestion),
    /// Anything else, as written.
    Written(Value),
}

impl RawQuiz {
    pub fn new(value: Value) -> RawQuiz {
        match value {
            Value::Sequence(items) => RawQuiz::List(items.into_iter().map(RawItem::new).collect()),
            other => RawQuiz::One(Box::new(RawItem::new(other))),
        }
    }
}

impl RawItem {
    fn new(value: Value) -> RawItem {
        match read_clean(&value) {
            Some(raw) => RawItem::Read(raw),
            None => RawItem::Written(value),
        }
    }
}

/// A question read from `value` if it is a non-empty mapping without
/// unknown keys or type errors (what the parser reads without reporting).
pub fn read_clean(value: &Value) -> Option<RawQuestion> {
    let Value::Mapping(map) = value else {
        return None;
    };
    if map.is_empty() || has_unknown_keys(map) {
        return None;
    }
    RawQuestion::deserialize(value).ok()
}

/// Whether [`take_unknown_keys`] would find any.
pub fn has_unknown_keys(map: &Mapping) -> bool {
    let unknown = |m: &Mapping, known: &[&str]| {
        m.keys()
            .any(|k| !k.as_str().is_some_and(|s| known.contains(&s)))
    };
    if unknown(map, QUESTION_KEYS) {
        return true;
    }
    match map.get("choices") {
        Some(Value::Sequence(choices)) => choices.iter().any(|c| match c {
            Value::Mapping(m) => unknown(m, CHOICE_KEYS),
            _ => false,
        }),
        _ => false,
    }
}

fn take_unknown(
    map: &mut Mapping,
    prefix: &str,
    known: &'static [&'static str],
) -> Vec<UnknownKey> {
    let unknown: Vec<Value> = map
        .keys()
        .filter(|k| !k.as_str().is_some_and(|s| known.contains(&s)))
        .cloned()
        .collect();
    unknown
        .into_iter()
        .map(|k| {
            map.remove(&k);
            let key = key_name(&k);
            UnknownKey {
                path: join(prefix, &key),
                key,
                known,
            }
        })
        .collect()
}

/// Reads a question whose unknown keys were removed; on failure, every
/// key whose value has the wrong type.
pub fn read_question(map: Mapping) -> Result<RawQuestion, Vec<FieldError>> {
    match serde_yaml::from_value(Value::Mapping(map.clone())) {
        Ok(raw) => Ok(raw),
        Err(whole) => {
            let mut errors = field_errors::<RawQuestion>(&map, "");
            if errors.is_empty() {
                errors.push(FieldError {
                    path: String::new(),
                    key: String::new(),
                    message: whole.to_string(),
                });
            }
            Err(errors)
        }
    }
}

/// Re-reads each key of `map` alone as a `T` (whose fields are all
/// optional) to find the ones that fail; choices are searched one level
/// deeper so the error points at the choice.
fn field_errors<T: for<'de> Deserialize<'de>>(map: &Mapping, prefix: &str) -> Vec<FieldError> {
    let mut out = Vec::new();
    for (k, v) in map {
        let mut single = Mapping::new();
        single.insert(k.clone(), v.clone());
        let Err(e) = serde_yaml::from_value::<T>(Value::Mapping(single)) else {
            continue;
        };
        let key = key_name(k);
        let path = join(prefix, &key);
        let nested = match (key.as_str(), v) {
            ("choices", Value::Sequence(items)) if prefix.is_empty() => choice_errors(items),
            _ => Vec::new(),
        };
        if nested.is_empty() {
            out.push(FieldError {
                path,
                key,
                message: plain_message(&e.to_string()),
            });
        } else {
            out.extend(nested);
        }
    }
    out
}

fn choice_errors(items: &[Value]) -> Vec<FieldError> {
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Err(e) = serde_yaml::from_value::<RawChoice>(item.clone()) else {
            continue;
        };
        let path = format!("choices.{i}");
        let nested = match item {
            Value::Mapping(m) => field_errors::<RawChoiceMap>(m, &path),
            _ => Vec::new(),
        };
        if nested.is_empty() {
            out.push(FieldError {
                path,
                key: "choices".into(),
                message: plain_message(&e.to_string()),
            });
        } else {
            out.extend(nested);
        }
    }
    out
}

/// serde's wording with Rust type names replaced by words.
fn plain_message(msg: &str) -> String {
    let msg = msg.strip_prefix("invalid type: ").unwrap_or(msg);
    msg.replace("expected i64", "expected an integer")
        .replace("expected a boolean", "expected `true` or `false`")
}

fn key_name(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other).map_or_else(|_| "?".into(), |s| s.trim().to_string()),
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(yaml: &str) -> Mapping {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn reads_compact_and_rich_choices() {
        let raw = read_question(mapping(
            "question: q\nchoices: [a, 2024, {text: c, correct: true}, ~]\nanswer: [1, 3]\n",
        ))
        .unwrap();
        let choices = raw.choices.unwrap();
        assert_eq!(choices[0], RawChoice::Plain("a".into()));
        assert_eq!(choices[1].text(), "2024");
        assert_eq!(choices[2].correct(), Some(true));
        assert_eq!(choices[3].text(), "");
        assert_eq!(raw.answer, Some(Answer(vec![1, 3])));
    }

    #[test]
    fn answer_accepts_a_number_a_numeric_string_or_a_list() {
        let a = |y: &str| serde_yaml::from_str::<Answer>(y);
        assert_eq!(a("2").unwrap(), Answer(vec![2]));
        assert_eq!(a("\"3\"").unwrap(), Answer(vec![3]));
        assert_eq!(a("[0, -1]").unwrap(), Answer(vec![0, -1]));
        assert!(a("B").is_err());
        assert!(a("[[1]]").is_err());
    }

    #[test]
    fn unknown_keys_are_taken_out_with_their_paths() {
        let mut m =
            mapping("question: q\nanwser: 1\nchoices:\n  - {text: a, corect: true}\n  - b\n");
        let unknown = take_unknown_keys(&mut m);
        let paths: Vec<&str> = unknown.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(paths, ["anwser", "choices.0.corect"]);
        assert!(read_question(m).is_ok());
    }

    #[test]
    fn has_unknown_keys_agrees_with_take_unknown_keys() {
        for yaml in [
            "question: q\nchoices: [a, {text: b, correct: true}]\n",
            "question: q\nanwser: 1\n",
            "question: q\nchoices:\n  - {text: a, corect: true}\n",
            "1: q\n",
        ] {
            let mut m = mapping(yaml);
            let has = has_unknown_keys(&m);
            assert_eq!(has, !take_unknown_keys(&mut m).is_empty(), "{yaml}");
        }
    }

    #[test]
    fn type_errors_are_pinned_to_their_keys() {
        let m = mapping("question: q\nanswer: B\nchoices:\n  - a\n  - {text: b, correct: maybe}\n  - [x]\nexplanation: {a: 1}\n");
        let errors = read_question(m).unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            ["answer", "choices.1.correct", "choices.2", "explanation"]
        );
        assert!(
            errors[1].message.contains("expected `true` or `false`"),
            "{}",
            errors[1].message
        );
    }
}
