//! Questions read straight from the YAML parser into raw types, without
//! building a YAML value first (one per key and per choice, hashed into a
//! map), for the common case where every question is well formed.
//!
//! [`CleanQuiz`] reads only what [`RawQuiz::new`] would read into
//! [`RawItem::Read`] items, and fails on anything else: an item that is not
//! a non-empty mapping, a key that is not a known string, a value of the
//! wrong type. The caller then reads the text again the usual way, which
//! keeps such items as written and reports them exactly as before; so this
//! path only ever returns what the usual one would.

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::raw::{RawChoice, RawChoiceMap, RawItem, RawQuestion, RawQuiz};

/// A `quiz:` value or ```quiz block of well-formed questions: a list of
/// them, or one.
#[derive(Debug)]
pub struct CleanQuiz(pub RawQuiz);

impl<'de> Deserialize<'de> for CleanQuiz {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CleanQuizVisitor)
    }
}

struct CleanQuizVisitor;

impl<'de> Visitor<'de> for CleanQuizVisitor {
    type Value = CleanQuiz;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of well-formed questions")
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<CleanQuiz, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(q) = seq.next_element_seed(CleanQuestion)? {
            items.push(RawItem::Read(q));
        }
        Ok(CleanQuiz(RawQuiz::List(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CleanQuiz, A::Error> {
        let q = read_question(map)?;
        Ok(CleanQuiz(RawQuiz::One(Box::new(RawItem::Read(q)))))
    }
}

/// One well-formed question.
struct CleanQuestion;

impl<'de> DeserializeSeed<'de> for CleanQuestion {
    type Value = RawQuestion;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawQuestion, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CleanQuestion {
    type Value = RawQuestion;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a well-formed question")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawQuestion, A::Error> {
        read_question(map)
    }
}

fn read_question<'de, A: MapAccess<'de>>(map: A) -> Result<RawQuestion, A::Error> {
    let mut keys = StringKeys { map, count: 0 };
    let q = RawQuestion::<CleanChoice>::deserialize(MapAccessDeserializer::new(&mut keys))?;
    if keys.count == 0 {
        // An empty question is reported.
        return Err(de::Error::custom("empty question"));
    }
    Ok(RawQuestion {
        id: q.id,
        kind: q.kind,
        question: q.question,
        choices: q.choices.map(|cs| cs.into_iter().map(|c| c.0).collect()),
        answer: q.answer,
        accept: q.accept,
        model_answer: q.model_answer,
        points: q.points,
        explanation: q.explanation,
        related: q.related,
        area: q.area,
    })
}

/// A choice read as [`RawChoice`] reads it from a YAML value.
#[derive(Debug)]
pub struct CleanChoice(RawChoice);

impl<'de> Deserialize<'de> for CleanChoice {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CleanChoiceVisitor)
    }
}

struct CleanChoiceVisitor;

impl CleanChoiceVisitor {
    fn plain<E>(text: String) -> Result<CleanChoice, E> {
        Ok(CleanChoice(RawChoice::Plain(text)))
    }
}

impl<'de> Visitor<'de> for CleanChoiceVisitor {
    type Value = CleanChoice;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a well-formed choice")
    }

    // Scalars as `Text` reads them; null as an empty choice.
    fn visit_unit<E: de::Error>(self) -> Result<CleanChoice, E> {
        Self::plain(String::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<CleanChoice, E> {
        Self::plain(String::new())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<CleanChoice, E> {
        Self::plain(v.to_string())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<CleanChoice, E> {
        Self::plain(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<CleanChoice, E> {
        Self::plain(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<CleanChoice, E> {
        Self::plain(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<CleanChoice, E> {
        Self::plain(v.to_string())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<CleanChoice, E> {
        Self::plain(v.to_string())
    }

    /// `{text, correct, explain}`, which may be empty.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CleanChoice, A::Error> {
        let mut keys = StringKeys { map, count: 0 };
        let rich = RawChoiceMap::deserialize(MapAccessDeserializer::new(&mut keys))?;
        Ok(CleanChoice(RawChoice::Rich(rich)))
    }
}

/// A mapping whose keys must all be strings: a derived struct would take
/// an integer key for the field of that index. Counts the keys.
struct StringKeys<A> {
    map: A,
    count: usize,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for StringKeys<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some(StringKey(key)) = self.map.next_key()? else {
            return Ok(None);
        };
        self.count += 1;
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

/// A key that is a string (plain or quoted), nothing else.
struct StringKey(String);

impl<'de> Deserialize<'de> for StringKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StringKeyVisitor)
    }
}

struct StringKeyVisitor;

impl Visitor<'_> for StringKeyVisitor {
    type Value = StringKey;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<StringKey, E> {
        Ok(StringKey(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<StringKey, E> {
        Ok(StringKey(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_yaml::Value;

    /// What the usual way keeps of `yaml`: `Some` when every item is read.
    fn usual(yaml: &str) -> Option<String> {
        read_all(serde_yaml::from_str(yaml).ok()?)
    }

    fn read_all(value: Value) -> Option<String> {
        let quiz = RawQuiz::new(value);
        let all_read = match &quiz {
            RawQuiz::List(items) => items.iter().all(|i| matches!(i, RawItem::Read(_))),
            RawQuiz::One(item) => matches!(**item, RawItem::Read(_)),
        };
        all_read.then(|| format!("{quiz:?}"))
    }

    fn clean(yaml: &str) -> Option<String> {
        serde_yaml::from_str::<CleanQuiz>(yaml)
            .ok()
            .map(|q| format!("{:?}", q.0))
    }

    #[test]
    fn reads_what_the_usual_way_reads_and_refuses_the_rest() {
        let cases = [
            "- question: q\n  choices: [a, 2024, 1.50, true, ~, {text: c, correct: true}, {}]\n  answer: [1, 3]\n",
            "question: q\nchoices:\n  - a\n  - b\nanswer: 2\nexplanation: |\n  x\n",
            "- {question: q, type: text, accept: LoRA}\n- question: r\n  model_answer: m\n  points: [a, b]\n",
            "- id: x\n  question: \"q: 1\"\n  related: [A, B]\n  area: S\n",
            "[]",
            "- {}\n",
            "{}",
            "- ~\n",
            "- 1\n",
            "- [a]\n",
            "- question: q\n  anwser: 1\n",
            "- question: q\n  choices: [{text: a, corect: true}]\n",
            "- question: q\n  choices: [[a]]\n",
            "- question: q\n  choices: [!foo a]\n",
            "- question: q\n  answer: B\n",
            "- question: q\n  0: x\n",
            "- question: q\n  choices: [{0: a}]\n",
            "- question: q\n  question: r\n",
            "- question: !foo q\n",
            "- question: !!str 5\n  choices: [!!str 1, \"2\"]\n",
            "- question: q\n  choices: \"\"\n",
            "- question: q\n  choices:\n",
            "- question: q\n  correct: yes\n",
            "- question: q\n  choices: [{text: a, correct: \"true\"}]\n",
            "- &a question: q\n- question: *a\n",
            "- question: 18446744073709551616\n",
            "- question: q\n  choices: [18446744073709551616]\n",
            "- question: q\n  answer: [1, \"2\", 3.0]\n",
            "x",
            "1",
        ];
        for yaml in cases {
            assert_eq!(clean(yaml), usual(yaml), "{yaml}");
            // Inside a front-matter, read through serde's buffer (flatten).
            let nested = format!("title: t\nquiz:\n{}", indented(yaml));
            assert_eq!(clean_nested(&nested), usual_nested(&nested), "{nested}");
        }
    }

    /// A front-matter as `RawNote` reads it: other keys are collected.
    #[derive(Deserialize)]
    struct Nested<Q> {
        quiz: Option<Q>,
        #[serde(flatten)]
        _rest: serde_yaml::Mapping,
    }

    fn indented(yaml: &str) -> String {
        yaml.lines().map(|l| format!("  {l}\n")).collect()
    }

    fn usual_nested(yaml: &str) -> Option<String> {
        let nested: Nested<Value> = serde_yaml::from_str(yaml).ok()?;
        read_all(nested.quiz?)
    }

    fn clean_nested(yaml: &str) -> Option<String> {
        let nested: Nested<CleanQuiz> = serde_yaml::from_str(yaml).ok()?;
        Some(format!("{:?}", nested.quiz?.0))
    }
}
