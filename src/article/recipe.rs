//! A recipe's ingredients and steps from the page's structured data (JSON-LD `Recipe`): recipe
//! sites lay them out in tables, tabs and widgets that Readability drops, while their JSON-LD
//! always lists them. Read before Readability runs, added to the body when the body misses most
//! of them.

use dom_query::Document;
use serde_json::Value;

use super::dom::collapse;

/// Ingredients and steps of a page's recipe, as plain lines.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recipe {
    ingredients: Vec<String>,
    steps: Vec<String>,
}

/// Characters of a line looked for in the body (its start: amounts and units vary in spacing).
const PROBE_CHARS: usize = 25;
/// The most JSON-LD read per page: structured data is small, a runaway script is not.
const MAX_JSON_LD_BYTES: usize = 512 * 1024;
/// Nesting depth searched for the recipe (JSON-LD graphs are shallow).
const MAX_DEPTH: usize = 8;

/// The page's recipe, when its JSON-LD has one with ingredients.
pub fn find(doc: &Document) -> Option<Recipe> {
    doc.select("script[type='application/ld+json']")
        .nodes()
        .iter()
        .map(|script| script.text())
        .filter(|json| json.len() <= MAX_JSON_LD_BYTES && json.contains("Recipe"))
        .filter_map(|json| serde_json::from_str::<Value>(&json).ok())
        .find_map(|value| recipe_in(&value, 0))
}

/// Adds the recipe's ingredients and steps to the end of the body when the body holds fewer than
/// half of the ingredients (then the recipe part of the page was lost, not merely restyled).
pub fn complete(content: &Document, recipe: &Recipe) {
    let body_text = collapse(&content.root().text());
    let holds = |line: &String| body_text.contains(&probe(line));
    let held = recipe.ingredients.iter().filter(|line| holds(line)).count();
    if held * 2 >= recipe.ingredients.len() {
        return;
    }
    let Some(body) = content.select_single("body").nodes().first().copied() else {
        return;
    };
    body.append_html(list_html("ul", &recipe.ingredients));
    let missing_steps: Vec<String> = recipe.steps.iter().filter(|s| !holds(s)).cloned().collect();
    if !missing_steps.is_empty() {
        body.append_html(list_html("ol", &missing_steps));
    }
}

fn probe(line: &str) -> String {
    line.chars().take(PROBE_CHARS).collect()
}

fn list_html(tag: &str, lines: &[String]) -> String {
    let items: String = lines
        .iter()
        .map(|line| format!("<li>{}</li>", crate::markup::entities::escape(line)))
        .collect();
    format!("<{tag}>{items}</{tag}>")
}

fn recipe_in(value: &Value, depth: usize) -> Option<Recipe> {
    if depth > MAX_DEPTH {
        return None;
    }
    match value {
        Value::Array(items) => items.iter().find_map(|item| recipe_in(item, depth + 1)),
        Value::Object(map) => {
            let is_recipe = match map.get("@type") {
                Some(Value::String(kind)) => kind == "Recipe",
                Some(Value::Array(kinds)) => kinds.iter().any(|k| k.as_str() == Some("Recipe")),
                _ => false,
            };
            if is_recipe {
                let mut ingredients = Vec::new();
                lines(map.get("recipeIngredient"), &mut ingredients, 0);
                let mut steps = Vec::new();
                lines(map.get("recipeInstructions"), &mut steps, 0);
                if !ingredients.is_empty() {
                    return Some(Recipe { ingredients, steps });
                }
            }
            map.values().find_map(|v| recipe_in(v, depth + 1))
        }
        _ => None,
    }
}

/// The text lines of a JSON-LD list: strings, `HowToStep`s (`text`), `HowToSection`s
/// (`itemListElement`), HTML inside the strings reduced to its text.
fn lines(value: Option<&Value>, out: &mut Vec<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Some(Value::String(text)) => {
            let text = collapse(&Document::fragment(text.as_str()).root().text());
            if !text.is_empty() {
                out.push(text);
            }
        }
        Some(Value::Array(items)) => items.iter().for_each(|item| lines(Some(item), out, depth + 1)),
        Some(Value::Object(map)) => {
            let inner = map.get("text").or_else(|| map.get("itemListElement"));
            lines(inner, out, depth + 1);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<html><head><script type="application/ld+json">
        {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"},
         {"@type": "Recipe", "name": "Porridge",
          "recipeIngredient": ["80 g oat flakes", "250 ml oat milk &amp; water"],
          "recipeInstructions": [{"@type": "HowToStep", "text": "<p>Bring the milk to a boil.</p>"},
                                 {"@type": "HowToSection", "itemListElement": [
                                   {"@type": "HowToStep", "text": "Stir in the oats."}]}]}]}
        </script></head><body><p>Story.</p></body></html>"#;

    #[test]
    fn reads_ingredients_and_steps_from_json_ld() {
        let recipe = find(&Document::from(PAGE)).unwrap_or_default();
        assert_eq!(recipe.ingredients, ["80 g oat flakes", "250 ml oat milk & water"]);
        assert_eq!(recipe.steps, ["Bring the milk to a boil.", "Stir in the oats."]);
    }

    #[test]
    fn adds_the_recipe_only_when_the_body_misses_it() {
        let recipe = find(&Document::from(PAGE)).unwrap_or_default();
        let without = Document::from("<div><p>A story about porridge.</p></div>");
        complete(&without, &recipe);
        assert_eq!(without.select("li").length(), 4);
        let with = Document::from(
            "<div><ul><li>80 g oat flakes</li><li>250 ml oat milk &amp; water</li></ul></div>",
        );
        complete(&with, &recipe);
        assert_eq!(with.select("li").length(), 2);
        assert_eq!(find(&Document::from("<p>No data.</p>")), None);
    }
}
