// Every Power Query file of the connector must lex and parse with Microsoft's M parser (the one behind the
// Power Query SDK for VS Code): Power BI Desktop only finds a syntax error when it loads the .mez.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import powerquery from "@microsoft/powerquery-parser";

const { TaskUtils, DefaultSettings } = powerquery;

const connectorDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "Kpilot");

// The lexer and the parser keep an error's position in different places, depending on its kind:
// a grapheme position, a token's start, or a map from line number to that line's error.
function positionOf(error, depth = 0) {
    if (error == null || typeof error !== "object" || depth > 4) return undefined;
    const found =
        error.graphemePosition ??
        error.positionStart ??
        error.foundToken?.token?.positionStart ??
        error.startToken?.positionStart ??
        error.firstUnusedToken?.positionStart;
    if (found !== undefined) return found;
    if (error.errorLineMap instanceof Map) {
        for (const [lineNumber, line] of error.errorLineMap)
            return positionOf(line.error, depth + 1) ?? { lineNumber, lineCodeUnit: 0 };
    }
    return positionOf(error.innerError, depth + 1);
}

function describe(error) {
    const at = positionOf(error);
    // A parse error with no token found is one that ran off the end of the text.
    const where = at ? `line ${at.lineNumber + 1}, column ${at.lineCodeUnit + 1}` : "end of text";
    return `${where}: ${error.message}`;
}

// The problem Microsoft's parser reports for an M document, or null when it lexes and parses.
async function problemIn(text) {
    const task = await TaskUtils.tryLexParse(DefaultSettings, text);
    if (TaskUtils.isOk(task)) return null;
    return `${task.stage.toLowerCase()} error at ${describe(task.error)}`;
}

const mFiles = readdirSync(connectorDir)
    .filter((name) => name.endsWith(".pq") || name.endsWith(".pqm"))
    .sort();

test("the connector folder holds Kpilot.pq", () => {
    assert.ok(mFiles.includes("Kpilot.pq"), `no Kpilot.pq in ${connectorDir}, found: ${mFiles.join(", ")}`);
});

for (const name of mFiles) {
    test(`${name} lexes and parses`, async () => {
        const problem = await problemIn(readFileSync(join(connectorDir, name), "utf8"));
        assert.equal(problem, null, `${join(connectorDir, name)}: ${problem}`);
    });
}

test("Kpilot.pq is the section document Kpilot", async () => {
    const task = await TaskUtils.tryLexParse(DefaultSettings, readFileSync(join(connectorDir, "Kpilot.pq"), "utf8"));
    assert.ok(TaskUtils.isOk(task), "Kpilot.pq does not parse");
    assert.equal(task.ast.kind, "Section");
    // Power BI names the data source kind after the section: Kpilot.Contents, Kpilot.Publish.
    assert.equal(task.ast.name?.literal, "Kpilot");
});

// Without these the test above could pass on a parser that accepts anything.
const brokenDocuments = [
    ["an unterminated text literal", 'section Broken;\nshared Broken.Contents = "no closing quote;\n', "lex", 2],
    ["a bad hex literal", "section Broken;\nshared Broken.Contents = 0xZZ;\n", "lex", 2],
    ["a missing operand", "section Broken;\n\nshared Broken.Contents = (1 + );\n", "parse", 3],
    ["a member without its semicolon", "section Broken;\nshared Broken.Contents = 1\nOther = 2;\n", "parse", 3],
    ["a let without its in", "section Broken;\nshared Broken.Contents = let a = 1;\n", "parse", 2],
];

for (const [what, text, stage, line] of brokenDocuments) {
    test(`M text with ${what} is reported at its line`, async () => {
        const problem = await problemIn(text);
        assert.notEqual(problem, null, `the parser accepted ${JSON.stringify(text)}`);
        assert.match(problem, new RegExp(`^${stage} error at line ${line}, column \\d+: `));
    });
}
