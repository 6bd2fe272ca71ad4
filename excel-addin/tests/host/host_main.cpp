// kpilot-xll-host: plays Excel for kpilot's XLL, under wine. It loads the XLL,
// answers its callbacks (tests/support/fake_excel.hpp), checks every
// registration against the KPI registry, calls every registered function
// through its export with every case of tests/cases/kpis.cases, then the
// boundary cases the file cannot spell (references, Excel-only errors, inputs
// not calculated yet), then what a large workbook's recalculation does
// (recalculation_checks.hpp: 8 threads, over 100,000 calls, million-cell
// ranges, model swaps, memory across rounds), and checks that every block of
// memory went back to whoever owns it. With RESULTS, writes every case's
// result to the bit there, for xll_x86_matches_x64.
//
//   kpilot-xll-host-x64.exe kpilot-x64.xll tests/cases/kpis.cases tests/cases/attribution.cases [RESULTS]
//
// Closes with "N passed, M failed" and exits non-zero on any failure; CTest
// reads that line too, because wine can exit 0 when it could not run a program.
#include <windows.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "attribution_checks.hpp"
#include "attribution_function.hpp"
#include "case_file.hpp"
#include "excel_opers.hpp"
#include "excel_values.hpp"
#include "fake_excel.hpp"
#include "floating_point_state.hpp"
#include "host_session.hpp"
#include "kpilot/registry.hpp"
#include "recalculation_checks.hpp"
#include "utf16.hpp"
#include "xll_under_test.hpp"

namespace {

using namespace kpilot;
using namespace kpilot::xll;
using fake::FakeExcel;
using fake::Opers;
using fake::ReadResult;
using host::attribution_arity;
using host::case_arguments;
using host::case_name;
using host::Host;
using host::narrow;
using host::Registered;
using host::Tally;
using host::upper;
using host::XllUnderTest;

// ---- Registration ----------------------------------------------------------

std::string registration_problems(const fake::Registration& r, const std::string& type_text,
                                  const std::string& argument_text, const std::vector<std::string>& descriptions,
                                  const std::string& function_help, const XllUnderTest& xll) {
    std::vector<std::string> why;
    auto expect = [&](bool ok, const std::string& what) {
        if (!ok) why.push_back(what);
    };
    expect(r.module == std::u16string(xll.full_path().begin(), xll.full_path().end()),
           "module is " + narrow(r.module) + ", not the XLL's path from xlGetName");
    expect(xll.find(narrow(r.procedure)) != nullptr, "export " + narrow(r.procedure) + " does not exist");
    expect(narrow(r.type_text) == type_text, "type text " + narrow(r.type_text) + ", expected " + type_text);
    expect(narrow(r.argument_text) == argument_text, "argument names \"" + narrow(r.argument_text) + "\"");
    expect(r.macro_type == 1, "macro type is not 1 (a function)");
    expect(r.category == u"kpilot", "category \"" + narrow(r.category) + "\"");
    expect(narrow(r.function_help) == function_help, "function help \"" + narrow(r.function_help) + "\"");
    expect(r.argument_help.size() == descriptions.size() + 1,
           std::to_string(r.argument_help.size()) + " argument help strings for " +
               std::to_string(descriptions.size()) + " arguments (Known Issues: pass one more, empty)");
    for (std::size_t i = 0; i < r.argument_help.size(); ++i) {
        const std::string help = narrow(r.argument_help[i]);
        if (i < descriptions.size())
            expect(help.rfind(descriptions[i].substr(0, 40), 0) == 0,
                   "argument " + std::to_string(i + 1) + " help \"" + help + "\" does not start with its description");
        else
            expect(help.empty(), "the last help string is not empty");
        expect(r.argument_help[i].size() <= xlMaxRegisterStringLength, "argument help over 255 characters");
    }
    for (const auto* text : {&r.function_text, &r.argument_text, &r.function_help, &r.type_text, &r.category})
        expect(text->size() <= xlMaxRegisterStringLength, "a string over 255 characters: " + narrow(*text));
    for (std::size_t i = 0; i < r.argument_types.size(); ++i)
        if (i != 5 && i != 7 && i != 8)
            expect(r.argument_types[i] == xltypeStr,
                   "argument " + std::to_string(i + 1) + " of xlfRegister is not text");
    return why.empty() ? "" : [&] {
        std::string all;
        for (const auto& w : why) all += (all.empty() ? "" : "; ") + w;
        return all;
    }();
}

void check_registrations(Host& host) {
    const auto registrations = FakeExcel::instance().registrations();
    const Registry& registry = Registry::builtin();
    std::map<std::string, const fake::Registration*> by_name;
    for (const auto& r : registrations) {
        const std::string name = narrow(r.function_text);
        host.tally.check(by_name.emplace(upper(name), &r).second, "registration of " + name, "registered twice");
        host.functions[upper(name)] = {host.xll.find(narrow(r.procedure)),
                                       r.type_text.size() >= 2 ? r.type_text.size() - 2 : 0};
    }
    std::printf("host: %zu functions registered\n", registrations.size());
    host.tally.check(registrations.size() == registry.all().size() + 5, "registrations",
                     std::to_string(registrations.size()) + " for " + std::to_string(registry.all().size()) +
                         " KPIs, KPI.EXPLAIN, KPI.CATALOG, KPI.EVAL, KPI.LOADMODEL and KPI.ATTRIBUTION");

    std::size_t longest = 0;
    for (const auto& kpi : registry.all()) {
        longest = std::max(longest, kpi.parameters.size());
        const auto found = by_name.find(upper(kpi.worksheet_name));
        if (found == by_name.end()) {
            host.tally.check(false, "registration of " + kpi.worksheet_name, "not registered");
            continue;
        }
        std::string type_text = "Q", names;
        std::vector<std::string> descriptions;
        for (const auto& p : kpi.parameters) {
            // Ranges take references (U), single values take values (Q).
            const bool range = p.kind == ParameterKind::numbers || p.kind == ParameterKind::aligned_numbers;
            type_text += range ? 'U' : 'Q';
            names += (names.empty() ? "" : ",") + p.name;
            descriptions.push_back(p.description);
        }
        type_text += '$';
        const std::string why =
            registration_problems(*found->second, type_text, names, descriptions, kpi.description, host.xll);
        host.tally.check(why.empty(), "registration of " + kpi.worksheet_name, why);
    }

    // KPI.EXPLAIN repeats any call it explains, KPI.ATTRIBUTION's eleven arguments included.
    longest = std::max(longest, attribution_arity);
    if (const auto explain = by_name.find("KPI.EXPLAIN"); explain != by_name.end()) {
        const fake::Registration& r = *explain->second;
        const std::string type_text = narrow(r.type_text);
        const bool ok = type_text == "QQ" + std::string(longest, 'U') + "$" && r.argument_help.size() == longest + 2 &&
                        r.argument_help.back().empty() && host.xll.find(narrow(r.procedure)) != nullptr;
        host.tally.check(ok, "registration of KPI.EXPLAIN", "type text " + type_text);
    } else {
        host.tally.check(false, "registration of KPI.EXPLAIN", "not registered");
    }
    if (const auto catalog = by_name.find("KPI.CATALOG"); catalog != by_name.end()) {
        const fake::Registration& r = *catalog->second;
        host.tally.check(
            r.type_text == u"Q$" && host.xll.find(narrow(r.procedure)) != nullptr && r.category == u"kpilot",
            "registration of KPI.CATALOG", "type text " + narrow(r.type_text));
    } else {
        host.tally.check(false, "registration of KPI.CATALOG", "not registered");
    }
    if (const auto attribution = by_name.find("KPI.ATTRIBUTION"); attribution != by_name.end()) {
        const fake::Registration& r = *attribution->second;
        std::vector<std::string> descriptions;
        for (const auto& p : attribution_parameters()) descriptions.push_back(p.help);
        // Ranges as references (U), so (A1:A5,C1:C5) arrives whole; measure and separator by value (Q).
        std::string why = registration_problems(
            r, "QUUUUUQQUUUU$",
            "paths,conversions,values,nulls,models,measure,separator,days,lead_touches,opportunity_touches,options",
            descriptions, attribution_function_help(), host.xll);
        if (why.empty()) why = host::attribution_help_problems(r.argument_help);
        host.tally.check(why.empty(), "registration of KPI.ATTRIBUTION", why);
        host.tally.check(host.functions["KPI.ATTRIBUTION"].arity == attribution_arity,
                         "KPI.ATTRIBUTION's export takes exactly 11 arguments");
    } else {
        host.tally.check(false, "registration of KPI.ATTRIBUTION", "not registered");
    }
}

// ---- The KPI test vectors --------------------------------------------------

// Compares what the XLL gave with the case and with the core called directly:
// the same code on the same machine, so equal to the last bit, messages included.
std::string case_problem(const testing::KpiCase& c, const ReadResult& read, const std::string& explanation) {
    if (!read.problem.empty()) return read.problem;
    const KpiDefinition* kpi = Registry::builtin().find(c.function);
    if (!kpi) return "unknown function " + c.function;
    const std::string why = testing::mismatch(c.expected, read.value, explanation);
    if (!why.empty()) return why;
    const Result<Value> core = [&] {
        // The core called here computes in the state the XLL's exports put in place.
        const CalculationFloatingPoint known;
        return evaluate(*kpi, c.arguments);
    }();
    if (core) {
        if (!(read.value == core.value())) return "the core gives " + to_display_text(core.value());
        if (!explanation.empty()) return "KPI.EXPLAIN gives \"" + explanation + "\" for a value";
    } else {
        if (read.excel_error != fake::code_of(core.error().kind))
            return "the core gives " + std::string(error_code(core.error().kind));
        const std::string expected = std::string(error_code(core.error().kind)) + " " + core.error().message;
        if (explanation != expected) return "KPI.EXPLAIN gives \"" + explanation + "\", expected \"" + expected + "\"";
    }
    return "";
}

void check_cases(Host& host, const testing::CaseFile& cases) {
    std::printf("host: calling every case through the XLL and through KPI.EXPLAIN\n");
    for (std::size_t i = 0; i < cases.cases.size(); ++i) {
        const testing::KpiCase& c = cases.cases[i];
        const std::string what = case_name(c);
        const auto f = host.functions.find(upper(c.function));
        if (f == host.functions.end()) {
            host.tally.check(false, what, c.function + " is not registered");
            continue;
        }
        if (c.arguments.size() > f->second.arity) {
            host.tally.skip(what + " (more arguments than the function takes: Excel rejects the formula)");
            continue;
        }
        Opers opers;
        // Ranges alternate between a column and a row, as users select either.
        const auto arguments = case_arguments(c, opers, i % 2 == 1);
        const ReadResult read = host.call(f->second, arguments, opers);
        const std::string explanation = host.explain(c.function, arguments, opers);
        const std::string problem = case_problem(c, read, explanation);
        host.tally.check(problem.empty(), what, problem);
        host.record.add(what, read);
        host.record.add(what + " KPI.EXPLAIN", "s:" + explanation);
    }
}

// ---- What the case file cannot spell -----------------------------------------

Value core_value(const std::string& name, std::vector<Argument> arguments) {
    const CalculationFloatingPoint known;
    const Result<Value> r = evaluate(name, arguments);
    return r ? r.value() : Value(r.error());
}

void check_boundary(Host& host) {
    FakeExcel& excel = FakeExcel::instance();
    Tally& t = host.tally;
    auto number_is = [](const ReadResult& r, double x) { return r.problem.empty() && r.value == Value(x); };
    auto error_is = [](const ReadResult& r, int code) { return r.problem.empty() && r.excel_error == code; };
    {
        Opers o;
        const auto r = host.call(
            "KPI.AVGDEAL",
            {o.multi(6, 1, {o.cell(1000), *o.nil(), o.cell("lost"), o.cell(2000), o.cell(true), *o.missing()})}, o);
        t.check(number_is(r, 1500), "a range with blanks, text, booleans and a missing slot skips them",
                to_display_text(r.value));
    }
    {
        Opers o;
        // Discounting depends on each value's position, so only row-major order gives 400.
        const auto r = host.call("KPI.CLVCOHORT",
                                 {o.multi(2, 2, {o.cell(1100), o.cell(1210), o.cell(1331), o.cell(1464.1)}),
                                  o.number(10), o.number(1), o.number(0.1)},
                                 o);
        t.check(r.problem.empty() && r.value.is_number() && std::abs(r.value.number() - 400) < 1e-9,
                "a 2-D range is read row by row", to_display_text(r.value));
    }
    {
        Opers o;
        const auto r = host.call("KPI.NPS", {o.multi(1, 3, {o.cell(10), *o.error(xlerrRef), o.cell(9)})}, o);
        t.check(error_is(r, xlerrRef), "#REF! inside a range comes back unchanged", to_display_text(r.value));
        const std::string why =
            host.explain("KPI.NPS", {o.multi(1, 3, {o.cell(10), *o.error(xlerrRef), o.cell(9)})}, o);
        t.check(why == "#REF! argument 'scores' holds #REF!", "KPI.EXPLAIN names an Excel-only error", why);
    }
    {
        Opers o;
        t.check(error_is(host.call("KPI.ROI", {o.error(xlerrNA), o.error(xlerrRef)}, o), xlerrNA),
                "the first error wins: #N/A before #REF!");
        t.check(error_is(host.call("KPI.ROI", {o.error(xlerrName), o.error(xlerrNA)}, o), xlerrName),
                "the first error wins: #NAME? before #N/A");
        t.check(error_is(host.call("KPI.ROI", {o.error(xlerrNull), o.number(1)}, o), xlerrNull),
                "#NULL! comes back unchanged");
        t.check(error_is(host.call("KPI.ROI", {o.error(xlerrGettingData), o.number(1)}, o), xlerrGettingData),
                "#GETTING_DATA comes back unchanged");
    }
    {
        Opers o;
        t.check(number_is(host.call("KPI.ROI", {o.integer(1500), o.integer(1000)}, o), 0.5),
                "xltypeInt arguments read as numbers");
        const auto r = host.call("KPI.BOUNCERATE", {o.number(1), o.number(2), o.text(std::u16string(40000, u'x'))}, o);
        t.check(error_is(r, xlerrValue), "a 40,000-character text argument is #VALUE!, not a crash");
    }

    // References, resolved by the fake Excel from its sheet.
    const std::vector<Value> scores{10, 9, 8, 7, 6, "n/a", Value(), true, 10, 3};
    for (std::size_t r = 0; r < scores.size(); ++r) excel.set_cell(static_cast<RW>(r), 2, scores[r]);
    excel.set_cell(20, 0, 9);
    excel.set_cell(21, 0, 0);
    const Value nps_column = core_value("KPI.NPS", {Argument::range(scores)});
    {
        Opers o;
        const std::size_t coerced = excel.coerce_calls();
        const auto r = host.call("KPI.NPS", {o.sref({0, 9, 2, 2})}, o);
        t.check(r.problem.empty() && r.value == nps_column, "a reference (xltypeSRef) is read through xlCoerce",
                to_display_text(r.value) + ", expected " + to_display_text(nps_column));
        t.check(excel.coerce_calls() > coerced, "the add-in asked Excel to coerce the reference");
        t.check(excel.blocks_outstanding() == 0, "what xlCoerce returned went back through xlFree");
    }
    {
        Opers o;
        std::vector<Value> both(scores);
        both.insert(both.end(), {9, 0});
        const Value expected = core_value("KPI.NPS", {Argument::range(both)});
        const auto r = host.call("KPI.NPS", {o.ref({{0, 9, 2, 2}, {20, 21, 0, 0}}, FakeExcel::sheet_id)}, o);
        t.check(r.problem.empty() && r.value == expected, "a multi-area reference (xltypeRef) is read area by area",
                to_display_text(r.value) + ", expected " + to_display_text(expected));
        const auto one = host.call("KPI.AVGDEAL", {o.ref({{20, 20, 0, 0}}, FakeExcel::sheet_id)}, o);
        t.check(number_is(one, 9), "a one-cell reference reads as that cell", to_display_text(one.value));
        const auto other_sheet = host.call("KPI.NPS", {o.ref({{0, 9, 2, 2}}, 0xBAD)}, o);
        t.check(error_is(other_sheet, xlerrValue), "a reference Excel cannot read is #VALUE!");
        const std::string why = host.explain("KPI.NPS", {o.ref({{0, 9, 2, 2}}, 0xBAD)}, o);
        t.check(why.find("could not read") != std::string::npos, "KPI.EXPLAIN says the reference could not be read",
                why);
        t.check(excel.blocks_outstanding() == 0, "every xlCoerce result went back through xlFree");
    }
    {
        // Excel answers xlretUncalced for an input not calculated yet, discards the result and calls again later.
        Opers o;
        excel.set_uncalculated(4, 2, true);
        const auto first = host.call("KPI.NPS", {o.sref({0, 9, 2, 2})}, o);
        t.check(first.problem.empty() && excel.blocks_outstanding() == 0,
                "an input not calculated yet: the add-in returns at once and leaks nothing");
        excel.set_uncalculated(4, 2, false);
        const auto again = host.call("KPI.NPS", {o.sref({0, 9, 2, 2})}, o);
        t.check(again.value == nps_column, "called again once the input is calculated, it gives the value");
    }
    {
        Opers o;
        XLOPER12* catalog = host::call_export(host.functions["KPI.CATALOG"].address, {});
        const auto& kpis = Registry::builtin().all();
        bool ok = catalog && catalog->xltype == (xltypeMulti | xlbitDLLFree) &&
                  static_cast<std::size_t>(catalog->val.array.rows) == kpis.size() + 1 &&
                  catalog->val.array.columns == 5;
        if (ok) {
            const XLOPER12* cells = catalog->val.array.lparray;
            ok = fake::read_result(&cells[0]).value == Value("function");
            for (std::size_t i = 0; ok && i < kpis.size(); ++i)
                ok = fake::read_result(&cells[5 * (i + 1)]).value == Value(kpis[i].worksheet_name) &&
                     fake::read_result(&cells[5 * (i + 1) + 1]).value == Value(kpis[i].title);
        }
        t.check(ok, "KPI.CATALOG is a header and one row per KPI, to be freed by xlAutoFree12");
        if (catalog && (catalog->xltype & xlbitDLLFree)) host.xll.auto_free(catalog);
    }
    {
        Opers o;
        const std::string why = host.explain("KPI.NOSUCH", {}, o);
        t.check(why == "#VALUE! unknown KPI \"KPI.NOSUCH\"", "KPI.EXPLAIN of an unknown KPI says so", why);
        const auto name = fake::read_result(host.xll.add_in_manager_info(o.number(1)));
        t.check(name.value.is_text() && name.value.text().find("kpilot") != std::string::npos,
                "xlAddInManagerInfo12(1) gives the add-in's name", to_display_text(name.value));
        t.check(fake::read_result(host.xll.add_in_manager_info(o.number(2))).excel_error == xlerrValue,
                "xlAddInManagerInfo12 of another action is #VALUE!");
    }
    t.check(host.xll.blocks_held() == 0, "every xlbitDLLFree result came back through xlAutoFree12",
            std::to_string(host.xll.blocks_held()) + " blocks still held");
}

// A custom KPI model: KPI.EVAL before any model is #N/A; KPI.LOADMODEL loads one
// (written here, as a consultant would ship it) and lists its KPIs with their
// inputs; KPI.EVAL then computes them from measure values, with the core's errors.
void check_model(Host& host) {
    Tally& t = host.tally;
    {
        Opers o;
        const auto r = host.call("KPI.EVAL", {o.text(u"romi"), o.number(200), o.number(1000)}, o);
        t.check(r.problem.empty() && r.excel_error == xlerrNA, "KPI.EVAL without a model is #N/A",
                to_display_text(r.value));
    }
    const std::string path = host::own_file("kpilot-host-model", ".json");
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fputs(R"json({"measures": {"spend": {"aggregate": "sum", "column": "spend"},
                                    "revenue": {"aggregate": "sum", "column": "revenue"},
                                    "leads": {"aggregate": "sum", "column": "leads"}},
                       "kpis": {"romi": {"formula": "(revenue * 0.6 - spend) / spend", "unit": "ratio"},
                                "cpl": "KPI.CPL(spend, leads)"}})json",
                   f);
        std::fclose(f);
    }
    {
        Opers o;
        const auto r = host.call("KPI.LOADMODEL", {o.text(utf16_from_utf8(path))}, o);
        const std::string listed = r.value.is_text() ? r.value.text() : to_display_text(r.value);
        t.check(listed == "2 KPIs from " + path + ": romi(spend, revenue), cpl(spend, leads)",
                "KPI.LOADMODEL lists the model's KPIs and their inputs", listed);
    }
    {
        Opers o;
        const auto r = host.call("KPI.EVAL", {o.text(u"romi"), o.number(200), o.number(1000)}, o);
        t.check(r.problem.empty() && r.value == Value(2.0), "KPI.EVAL(\"romi\", 200, 1000) is (1000*0.6 - 200)/200",
                to_display_text(r.value));
        host.record.add("KPI.EVAL(\"romi\", 200, 1000)", r);
    }
    {
        Opers o;
        const auto r = host.call("KPI.EVAL", {o.text(u"cpl"), o.number(500), o.number(0)}, o);
        t.check(r.problem.empty() && r.excel_error == xlerrDiv0, "KPI.EVAL gives the core's #DIV/0!",
                to_display_text(r.value));
    }
    {
        Opers o;
        const auto r = host.call("KPI.LOADMODEL", {o.text(u"no-such-model.json")}, o);
        const std::string said = r.value.is_text() ? r.value.text() : "";
        t.check(said.rfind("#VALUE! no-such-model.json: cannot be opened", 0) == 0,
                "KPI.LOADMODEL names a missing file", said);
    }
    std::remove(path.c_str());
    t.check(FakeExcel::instance().blocks_outstanding() == 0, "KPI.EVAL and KPI.LOADMODEL gave back all they borrowed");
}

void check_close(Host& host) {
    const auto registrations = FakeExcel::instance().registrations();
    host.tally.check(host.xll.auto_close() == 1, "xlAutoClose returns 1");
    const auto ids = FakeExcel::instance().unregistered_ids();
    const auto names = FakeExcel::instance().deleted_names();
    bool all = ids.size() == registrations.size() && names.size() == registrations.size();
    for (const auto& r : registrations)
        all = all && std::count(ids.begin(), ids.end(), r.register_id) == 1 &&
              std::count(names.begin(), names.end(), r.function_text) == 1;
    host.tally.check(all, "xlAutoClose unregisters every function and deletes its name",
                     std::to_string(ids.size()) + " unregistered, " + std::to_string(names.size()) +
                         " names deleted, of " + std::to_string(registrations.size()));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4 && argc != 5) {
        std::fprintf(stderr, "usage: %s XLL CASES ATTRIBUTION_CASES [RESULTS]\n", argv[0]);
        return 2;
    }
    // No results from an earlier run may stand in for this one's.
    const std::string results_path = argc == 5 ? argv[4] : "";
    if (!results_path.empty()) std::remove(results_path.c_str());
    Tally tally;
    const testing::CaseFile cases = testing::read_case_file(argv[2]);
    for (const auto& problem : cases.problems) tally.check(false, "reading the cases", problem);
    tally.check(cases.cases.size() > 200, "reading the cases", std::to_string(cases.cases.size()) + " cases");
    const testing::AttributionCaseFile attribution_cases = testing::read_attribution_case_file(argv[3]);
    for (const auto& problem : attribution_cases.problems) tally.check(false, "reading the attribution cases", problem);
    tally.check(!attribution_cases.cases.empty(), "reading the attribution cases", "none in " + std::string(argv[3]));

    XllUnderTest xll(argv[1]);
    tally.check(xll.loaded(), std::string("loading ") + argv[1], xll.load_error());
    if (!xll.loaded()) return tally.close();
    std::printf("host: %s, %zu cases\n",
                utf8_from_utf16(std::u16string(xll.full_path().begin(), xll.full_path().end())).c_str(),
                cases.cases.size());
    for (const char* name : {"xlAutoOpen", "xlAutoClose", "xlAutoFree12", "xlAddInManagerInfo12"})
        tally.check(xll.find(name) != nullptr, std::string("the XLL exports ") + name);

    FakeExcel& excel = FakeExcel::instance();
    excel.reset(std::u16string(xll.full_path().begin(), xll.full_path().end()));
    tally.check(xll.auto_open() == 1, "xlAutoOpen returns 1");
    tally.check(excel.blocks_outstanding() == 0, "xlAutoOpen gave xlGetName's string back through xlFree");

    Host host{xll, tally, {}};
    check_registrations(host);
    check_cases(host, cases);
    check_boundary(host);
    host::check_attribution(host);  // before the threads: it sets the cells they read
    host::check_attribution_cases(host, attribution_cases);
    check_model(host);  // before the recalculation, which loads two models of its own
    // A warm-up round, then four whose memory must match: 8 x 5 rounds x 5 passes over ~600 calls.
    host::check_recalculation(host, cases, {.threads = 8, .rounds = 4, .passes = 5, .heavy = true});
    check_close(host);
    for (const auto& problem : excel.problems()) tally.check(false, "Excel's rules", problem);
    if (!results_path.empty())
        tally.check(host.record.write(results_path),
                    "writing " + std::to_string(host.record.size()) + " results to " + results_path);
    return tally.close();
}
