// CTest's powerbi_npm_ci fixture: installs the Node test dependencies with `npm ci`, but only when
// node_modules does not already hold exactly what package-lock.json pins, so a test run needs no network
// once they are in place.
//
//     node npm_ci_when_stale.mjs <folder with package-lock.json>
//
// npm records what it installed in node_modules/.package-lock.json. That file never equals package-lock.json
// byte for byte (it leaves out the root package and the optional packages it skipped), so the two are
// compared package by package.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const folder = resolve(process.argv[2] ?? ".");

function readJson(path) {
    try {
        return JSON.parse(readFileSync(path, "utf8"));
    } catch {
        return null;
    }
}

// What decides whether an installed package is the pinned one.
function identity(entry) {
    return [entry.version, entry.resolved, entry.integrity, entry.link ?? false].join(" ");
}

// Every installed package is the pinned one, and every pinned package is installed unless it is optional:
// npm skips optional ones made for another platform (fsevents on Linux).
function installedAsPinned(lock, installed) {
    const pinned = Object.entries(lock.packages ?? {}).filter(([path]) => path !== "");
    const present = installed.packages ?? {};
    const pinnedPaths = new Set(pinned.map(([path]) => path));
    return (
        Object.keys(present).every((path) => pinnedPaths.has(path)) &&
        pinned.every(([path, entry]) => (path in present ? identity(present[path]) === identity(entry) : entry.optional === true))
    );
}

const lock = readJson(join(folder, "package-lock.json"));
if (lock === null) {
    console.error(`${folder}: no readable package-lock.json`);
    process.exit(1);
}
const installed = readJson(join(folder, "node_modules", ".package-lock.json"));
if (installed !== null && installedAsPinned(lock, installed)) {
    console.log(`${folder}/node_modules matches package-lock.json`);
    process.exit(0);
}

console.log(`${folder}/node_modules is ${installed === null ? "missing" : "stale"}: npm ci`);
const npm = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: folder, stdio: "inherit" });
if (npm.error) console.error(`npm: ${npm.error.message}`);
process.exit(npm.status ?? 1);
