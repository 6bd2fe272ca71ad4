#include "registration.hpp"

#include <algorithm>
#include <cctype>
#include <deque>

#include "attribution_function.hpp"
#include "excel_c_api.hpp"
#include "excel_callback.hpp"
#include "excel_values.hpp"
#include "kpilot/text_case.hpp"
#include "kpilot/units.hpp"
#include "utf16.hpp"

namespace kpilot::xll {

namespace {

bool mentions_default(std::string_view description) {
    return lowercase(description).find("default") != std::string::npos;
}

std::string default_text(const Parameter& p) {
    if (p.default_value.is_text()) return "\"" + p.default_value.text() + "\"";
    return to_display_text(p.default_value);
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : std::string(separator)) + part;
    return out;
}

std::size_t utf16_length(std::string_view utf8) { return utf16_from_utf8(utf8).size(); }

// Excel strings for one xlfRegister call; a deque so the XLOPER12s' pointers stay put.
class RegisterArguments {
public:
    XLOPER12* text(std::string_view utf8) { return text16(utf16_from_utf8(utf8)); }
    XLOPER12* text16(std::u16string_view text) {
        std::u16string& stored = strings_.emplace_back();
        stored.reserve(text.size() + 1);
        stored += static_cast<char16_t>(text.size());
        stored += text;
        XLOPER12& oper = opers_.emplace_back();
        oper.xltype = xltypeStr;
        oper.val.str = stored.data();
        return &oper;
    }
    XLOPER12* number(double x) {
        XLOPER12& oper = opers_.emplace_back();
        oper.xltype = xltypeNum;
        oper.val.num = x;
        return &oper;
    }
    XLOPER12* missing() {
        XLOPER12& oper = opers_.emplace_back();
        oper.xltype = xltypeMissing;
        return &oper;
    }

private:
    std::deque<std::u16string> strings_;
    std::deque<XLOPER12> opers_;
};

}  // namespace

std::string export_name(std::string_view worksheet_name) {
    std::string name(worksheet_name);
    std::replace(name.begin(), name.end(), '.', '_');
    return name;
}

char argument_type(const Parameter& parameter) {
    const bool range = parameter.kind == ParameterKind::numbers || parameter.kind == ParameterKind::aligned_numbers;
    return range ? 'U' : 'Q';
}

std::string within_excel_limit(std::string text, std::size_t limit) {
    if (utf16_length(text) <= limit) return text;
    const std::string ellipsis = "\u2026";
    // Drop whole UTF-8 sequences from the end until the text and the ellipsis fit.
    while (!text.empty() && utf16_length(text) + 1 > limit) {
        while (!text.empty()) {
            const auto byte = static_cast<unsigned char>(text.back());
            text.pop_back();
            if ((byte & 0xC0) != 0x80) break;  // the lead byte (or an ASCII one) ends the sequence
        }
    }
    return text + ellipsis;
}

std::string argument_help(const Parameter& p) {
    std::vector<std::string> notes;
    const bool range = argument_type(p) == 'U';
    const bool has_unit = p.unit != Unit::text && p.unit != Unit::any;
    if (range)
        notes.push_back(has_unit ? "range of " + std::string(to_string(p.unit)) : "range");
    else if (has_unit)
        notes.emplace_back(to_string(p.unit));
    if (!p.domain_text().empty()) notes.push_back(p.domain_text());
    if (!p.choices.empty()) {
        std::vector<std::string> quoted;
        for (const auto& c : p.choices) quoted.push_back("\"" + c + "\"");
        notes.push_back("one of " + joined(quoted, ", "));
    }
    if (p.kind == ParameterKind::numbers) notes.emplace_back("blanks and text are skipped");
    if (p.kind == ParameterKind::aligned_numbers) notes.emplace_back("read cell by cell beside its partner");
    // Several descriptions already say their default; do not say it twice.
    if (p.optional && !mentions_default(p.description))
        notes.push_back("optional, default " + default_text(p));
    else if (p.optional)
        notes.emplace_back("optional");

    const std::string full = p.description + (notes.empty() ? "" : " (" + joined(notes, "; ") + ")");
    if (utf16_length(full) <= xlMaxRegisterStringLength) return full;
    return within_excel_limit(p.description, xlMaxRegisterStringLength);
}

std::size_t explain_argument_count(const Registry& registry) {
    std::size_t most = attribution_parameter_count;
    for (const auto& kpi : registry.all()) most = std::max(most, kpi.parameters.size());
    return 1 + most;
}

namespace {

WorksheetFunction function(WorksheetFunction::Kind kind, const std::string& worksheet_name, const std::string& help) {
    WorksheetFunction f;
    f.kind = kind;
    f.worksheet_name = worksheet_name;
    f.export_name = export_name(worksheet_name);
    f.type_text = "Q";  // the result: an XLOPER12, so it can be a number, text, an error or an array
    f.function_help = within_excel_limit(help, xlMaxRegisterStringLength);
    return f;
}

void add_argument(WorksheetFunction& f, char type, const std::string& name, std::string help) {
    f.type_text += type;
    f.argument_names += (f.argument_names.empty() ? "" : ",") + name;
    f.argument_help.push_back(std::move(help));
}

// Thread-safe: the core keeps no state between calls, so Excel may calculate on all cores.
void mark_thread_safe(WorksheetFunction& f) { f.type_text += '$'; }

}  // namespace

std::vector<WorksheetFunction> worksheet_functions(const Registry& registry) {
    std::vector<WorksheetFunction> functions;
    for (const auto& kpi : registry.all()) {
        WorksheetFunction f = function(WorksheetFunction::Kind::kpi, kpi.worksheet_name, kpi.description);
        f.kpi_index = functions.size();
        for (const auto& p : kpi.parameters) add_argument(f, argument_type(p), p.name, argument_help(p));
        mark_thread_safe(f);
        functions.push_back(std::move(f));
    }

    WorksheetFunction explain = function(
        WorksheetFunction::Kind::explain, "KPI.EXPLAIN",
        "Why a KPI or KPI.ATTRIBUTION call gives an error: the message for the same arguments, or empty text when "
        "it gives a value");
    add_argument(explain, 'Q', "kpi",
                 "The function whose call to explain: a KPI's worksheet name or id, such as \"KPI.ROMI\", or \"" +
                     std::string(attribution_worksheet_name) + "\"");
    for (std::size_t i = 1; i < explain_argument_count(registry); ++i)
        add_argument(explain, 'U', "argument" + std::to_string(i),
                     "Argument " + std::to_string(i) + " of that function, as in its own call");
    mark_thread_safe(explain);
    functions.push_back(std::move(explain));

    WorksheetFunction catalog =
        function(WorksheetFunction::Kind::catalog, "KPI.CATALOG",
                 "Every kpilot KPI, one row each: worksheet function, title, unit, direction and formula (spills)");
    mark_thread_safe(catalog);
    functions.push_back(std::move(catalog));

    WorksheetFunction eval = function(
        WorksheetFunction::Kind::eval, "KPI.EVAL",
        "A KPI of the loaded KPI model (kpilot-model.json or KPI.LOADMODEL) from the values of the measures it reads");
    add_argument(eval, 'Q', "kpi", "The model KPI's name, such as \"romi\"; KPI.LOADMODEL lists each with its inputs");
    for (std::size_t i = 1; i <= eval_input_count; ++i)
        // Short names: Excel limits the joined argument names to 255 characters.
        add_argument(eval, 'Q', "m" + std::to_string(i),
                     "Measure " + std::to_string(i) + " the KPI reads, in the order the model declares its measures");
    mark_thread_safe(eval);
    functions.push_back(std::move(eval));

    WorksheetFunction load = function(
        WorksheetFunction::Kind::load_model, "KPI.LOADMODEL",
        "Loads a kpilot KPI model (JSON) for KPI.EVAL, replacing the one loaded before; lists its KPIs and their inputs");
    add_argument(load, 'Q', "path", "Full path of the model file, such as \"C:\\KPIs\\marketing.json\"");
    // Safe on any thread: the model is swapped under a lock and read through a shared pointer.
    mark_thread_safe(load);
    functions.push_back(std::move(load));

    WorksheetFunction attribution = function(WorksheetFunction::Kind::attribution,
                                             std::string(attribution_worksheet_name), attribution_function_help());
    // Ranges as references ('U'), so a path table in several areas is read whole, as KPI ranges are.
    for (const auto& p : attribution_parameters())
        add_argument(attribution, p.range ? 'U' : 'Q', p.name, within_excel_limit(p.help, xlMaxRegisterStringLength));
    mark_thread_safe(attribution);
    functions.push_back(std::move(attribution));
    return functions;
}

std::vector<Registration> register_with_excel(std::span<const WorksheetFunction> functions) {
    std::vector<Registration> done;
    ExcelOwned dll_path;
    if (excel12(xlGetName, dll_path.fill(), {}) != xlretSuccess) return done;
    dll_path.adopt();
    if (base_type(dll_path.value()) != xltypeStr) return done;
    const XCHAR* path = dll_path.value().val.str;
    const std::u16string module(path + 1, path[0]);

    for (const auto& f : functions) {
        RegisterArguments args;
        std::vector<XLOPER12*> opers{
            args.text16(module),
            args.text(f.export_name),
            args.text(f.type_text),
            args.text(f.worksheet_name),
            args.text(f.argument_names),
            args.number(1),  // macro type 1: a worksheet function
            args.text(function_category),
            args.missing(),  // shortcut: commands only
            args.missing(),  // help topic: none
            args.text(f.function_help),
        };
        for (const auto& help : f.argument_help) opers.push_back(args.text(help));
        // Excel sometimes cuts the end of the last argument's help; Microsoft's Known Issues
        // page says to pass one more, empty, help string.
        opers.push_back(args.text(""));

        XLOPER12 id{};
        const int rc = excel12v(xlfRegister, &id, static_cast<int>(opers.size()), opers.data());
        if (rc == xlretSuccess && base_type(id) == xltypeNum) done.push_back({id.val.num, f.worksheet_name});
    }
    return done;
}

void unregister_from_excel(std::span<const Registration> registrations) {
    for (const auto& r : registrations) {
        RegisterArguments args;
        excel12(xlfUnregister, nullptr, {args.number(r.register_id)});
        excel12(xlfSetName, nullptr, {args.text(r.worksheet_name)});
    }
}

}  // namespace kpilot::xll
