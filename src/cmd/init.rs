//! `manabi init [DIR]`: a starter site that builds as it is, with a GitHub
//! Pages workflow. Never overwrites: it refuses a folder that already holds
//! a site.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use clap::Args;

use super::EXIT_OK;
use crate::content::date::Date;

/// Arguments of `manabi init`.
#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// Where to create the site (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// Writes the starter files.
pub fn run(args: &InitArgs, quiet: bool) -> anyhow::Result<u8> {
    let dir = &args.dir;
    for existing in ["site.yaml", "content"] {
        if dir.join(existing).exists() {
            bail!(
                "{} already has `{existing}`; refusing to overwrite an existing site",
                dir.display()
            );
        }
    }
    let today = Date::today().ymd();
    for (rel, text) in starter_files(&today) {
        write_new(&dir.join(rel), &text)?;
    }
    if !quiet {
        eprintln!("created a manabi site in {}", dir.display());
        eprintln!(
            "next: cd {} && manabi serve   (or: manabi build)",
            dir.display()
        );
    }
    Ok(EXIT_OK)
}

fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// The starter site: config, home page, one section with two linked notes,
/// a `.gitignore` and a GitHub Pages workflow.
pub fn starter_files(today: &str) -> Vec<(&'static str, String)> {
    vec![
        ("site.yaml", SITE_YAML.to_string()),
        ("content/_index.md", HOME.to_string()),
        ("content/basics/_index.md", SECTION.to_string()),
        (
            "content/basics/generative-ai.md",
            NOTE_GENAI.replace("{today}", today),
        ),
        ("content/basics/llm.md", NOTE_LLM.replace("{today}", today)),
        // The output, and its lock and staging folder while a build runs.
        (".gitignore", "/public\n/.public.manabi-*\n".to_string()),
        (".github/workflows/pages.yml", WORKFLOW.to_string()),
    ]
}

const SITE_YAML: &str = r#"# manabi site configuration. Every key is optional; see the README.
title: 学習ノート
description: 資格試験に向けたキーワードごとの学習ノート
language: ja            # `en` switches the whole UI to English
# base_url: https://USER.github.io/REPO/   # set this when you publish
exam:
  questions: 20
  minutes: 20
"#;

const HOME: &str = "---\ntitle: 学習ノート\n---\n\nキーワードごとに 1 ノート。試験範囲（シラバス）の順に並べています。\n";

const SECTION: &str = "---\ntitle: 基礎\nobjective: 生成AIの基本用語を説明できる\nsort_by: weight\ncascade:\n  syllabus: [生成AIの技術, 基礎]\n---\n\nこのセクションでは基本用語をまとめます。\n";

const NOTE_GENAI: &str = r#"---
title: 生成AI
reading: せいせいえーあい
date: {today}
weight: 1
summary:
  - 学習したデータの特徴から、新しい文章・画像・音声などを作り出すAI
tags: [基礎]
aliases: [生成系AI, Generative AI]
---

生成AIは、学習データのパターンをもとに新しいコンテンツを生成するAIです。
文章を生成するモデルの代表が [[大規模言語モデル]] です。

## ポイント

- 「識別」ではなく「生成」をするモデル
- 文章・画像・音声・コードなど、出力の種類は多様
"#;

const NOTE_LLM: &str = r#"---
title: 大規模言語モデル
reading: だいきぼげんごもでる
date: {today}
weight: 2
summary:
  - 大量のテキストで事前学習した、非常に多くのパラメータを持つ言語モデル
tags: [基礎, LLM]
aliases: [LLM]
---

大規模言語モデル（LLM）は [[生成AI]] の一種で、次に来る単語（トークン）を予測するように学習します。

> [!NOTE]
> ノートの間は `[[タイトル]]` で結べます。リンクされた側のノートには「参照しているノート」として表示されます。
"#;

const WORKFLOW: &str = r#"# Builds the site with manabi and publishes it to GitHub Pages.
# In the repository settings, set Pages → Source to "GitHub Actions".
name: Publish to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: true

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: pages
        uses: actions/configure-pages@v5
      - uses: dtolnay/rust-toolchain@stable
      # manabi is built from source. Set the repository variable MANABI_GIT
      # (Settings → Secrets and variables → Actions → Variables) to the git
      # URL of the manabi repository you use.
      - run: cargo install --locked --git "${{ vars.MANABI_GIT }}" manabi
      # The Pages URL includes the repository sub-path (https://USER.github.io/REPO/).
      - run: manabi build --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;
