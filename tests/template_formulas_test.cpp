// Every line of tests/cases/excel_formulas.cases: a model formula or filter
// and the Excel it must become, or the reason it must not become any.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "excel_formula.hpp"
#include "kpilot/column_types.hpp"
#include "xlsx_finish.hpp"

namespace kpilot::templates {
namespace {

struct FormulaCase {
    int line = 0;
    std::string source;
    bool filter = false;
    std::string on_column;  // filters: the column the measure aggregates
    std::string input;
    std::string expected;  // the Excel text, "col,criteria; col,criteria", or empty when none is expected
    std::string reason;    // when no formula is expected: a fragment of the reason
};

void PrintTo(const FormulaCase& c, std::ostream* os) { *os << "excel_formulas.cases:" << c.line << ": " << c.source; }

std::string trim(std::string text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::vector<FormulaCase> read_cases() {
    std::ifstream in(KPILOT_EXCEL_FORMULA_CASES);
    std::vector<FormulaCase> cases;
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
        if (trim(text).empty() || trim(text).starts_with('#')) continue;
        FormulaCase c;
        c.line = line;
        c.source = text;
        // A comment starts at "   # " after the expectation.
        if (const auto comment = text.find("   #"); comment != std::string::npos) text = text.substr(0, comment);
        const auto arrow = text.rfind(" -> ");
        if (arrow == std::string::npos) {
            ADD_FAILURE() << "excel_formulas.cases:" << line << ": no ' -> '";
            continue;
        }
        std::string left = trim(text.substr(0, arrow));
        const std::string right = trim(text.substr(arrow + 4));
        c.filter = left.starts_with("filter ");
        if (!c.filter && !left.starts_with("formula ")) {
            ADD_FAILURE() << "excel_formulas.cases:" << line << ": starts with neither formula nor filter";
            continue;
        }
        left = trim(left.substr(c.filter ? 7 : 8));
        if (c.filter && left.starts_with("on ")) {
            const auto colon = left.find(':');
            c.on_column = trim(left.substr(3, colon - 3));
            left = trim(left.substr(colon + 1));
        }
        c.input = left;
        if (right.starts_with("no formula:")) {
            c.reason = trim(right.substr(11));
            if (c.reason.size() >= 2 && c.reason.front() == '"') c.reason = c.reason.substr(1, c.reason.size() - 2);
        } else {
            c.expected = right;
        }
        cases.push_back(c);
    }
    return cases;
}

class ExcelFormulaCases : public ::testing::TestWithParam<FormulaCase> {};

TEST_P(ExcelFormulaCases, TranslatesExactlyOrNotAtAll) {
    const FormulaCase& c = GetParam();
    std::string got, why;
    if (c.filter) {
        const auto types = [](std::string_view column) -> std::optional<ColumnType> {
            if (column == "stage" || column == "source") return ColumnType::text;
            if (column == "amount" || column == "score" || column == "spend") return ColumnType::number;
            if (column == "date") return ColumnType::date;
            return std::nullopt;
        };
        const CriteriaTranslation t = excel_criteria(c.input, types, c.on_column);
        why = t.untranslatable;
        for (const Criterion& criterion : t.criteria)
            got += (got.empty() ? "" : "; ") + criterion.column + "," + criterion.criteria;
    } else {
        const ExcelFormula f = excel_formula(c.input, [](std::string_view name) {
            if (name.starts_with("static_"))
                return ExcelFormula::cannot("'" + std::string(name) + "' is a static value");
            return ExcelFormula::of(std::string(name));
        });
        got = f.text;
        why = f.untranslatable;
    }
    if (c.reason.empty()) {
        EXPECT_TRUE(why.empty()) << "no formula: " << why;
        EXPECT_EQ(got, c.expected);
    } else {
        EXPECT_FALSE(why.empty()) << "expected no formula, got " << got;
        EXPECT_NE(why.find(c.reason), std::string::npos)
            << "the reason '" << why << "' should mention '" << c.reason << "'";
    }
}

INSTANTIATE_TEST_SUITE_P(File, ExcelFormulaCases, ::testing::ValuesIn(read_cases()),
                         [](const ::testing::TestParamInfo<FormulaCase>& p) {
                             return "line" + std::to_string(p.param.line);
                         });

TEST(ExcelFormula, NamesBuiltInArguments) {
    const auto arguments = named_kpi_arguments("KPI.ROAS(revenue, spend) + KPI.CTR(clicks, 1000)");
    ASSERT_EQ(arguments.size(), 3u);
    EXPECT_EQ(arguments[1].kpi->worksheet_name, "KPI.ROAS");
    EXPECT_EQ(arguments[1].kpi->parameters[arguments[1].parameter].name, "ad_spend");
    EXPECT_EQ(arguments[2].name, "clicks");
}

TEST(ExcelFormula, TooLongForExcelHasNoFormula) {
    std::string formula = "a";
    for (int i = 0; i < 1000; ++i) formula += " + a";
    const ExcelFormula f = excel_formula(formula, [](std::string_view) { return ExcelFormula::of("Measures!$C1234"); });
    EXPECT_FALSE(f.ok());
    EXPECT_NE(f.untranslatable.find("longer"), std::string::npos);
}

// Columns are typed as compute_kpis types them, so a Data cell is a number exactly when the engine read one.
TEST(ColumnTypes, FollowTheEnginesRule) {
    KpiModel model;
    model.measures.push_back({"spend", Aggregate::sum, "spend", ""});
    model.measures.push_back({"ids", Aggregate::count, "id", ""});
    model.columns.push_back({"code", ColumnType::text});
    const std::vector<std::string> header{"id", "spend", "code", "score", "note"};
    std::vector<std::vector<std::string>> sample;
    for (int i = 0; i < 20; ++i)
        sample.push_back(
            {std::to_string(i), i == 3 ? "n/a" : "1,234.5", "007", i < 19 ? "5" : "x", i < 10 ? "a" : "1"});
    const auto types = infer_column_types(model, header, sample, false);
    EXPECT_EQ(types[0], ColumnType::number);  // counted, but all its cells are numbers
    EXPECT_EQ(types[1], ColumnType::number);  // summed: a number whatever its cells say
    EXPECT_EQ(types[2], ColumnType::text);    // declared
    EXPECT_EQ(types[3], ColumnType::number);  // 19 of 20 cells are numbers
    EXPECT_EQ(types[4], ColumnType::text);    // half
    EXPECT_EQ(read_number_cell(" 1,234.5 ", false), 1234.5);
    EXPECT_EQ(read_number_cell("1 234,5", true), 1234.5);
    EXPECT_FALSE(read_number_cell("  ", false));
}

// What libxlsxwriter cannot write: an error as a formula's cached result, no recalculation on load.
TEST(FinishedWorkbook, CachesErrorsAsErrors) {
    const std::string sheet = R"(<c r="C5" s="8" t="str"><f>KPI.CTR(A5,B5)</f><v>#DIV/0!</v></c>)"
                              R"(<c r="D5" t="str"><f>A5&amp;"|"</f><v>#N/A in text?</v></c>)"
                              R"(<c r="E5" s="2" t="str"><f>NA()</f><v>#N/A</v></c><c r="F5"><f>1</f><v>1</v></c>)";
    EXPECT_EQ(cache_errors_as_errors(sheet),
              R"(<c r="C5" s="8" t="e"><f>KPI.CTR(A5,B5)</f><v>#DIV/0!</v></c>)"
              R"(<c r="D5" t="str"><f>A5&amp;"|"</f><v>#N/A in text?</v></c>)"
              R"(<c r="E5" s="2" t="e"><f>NA()</f><v>#N/A</v></c><c r="F5"><f>1</f><v>1</v></c>)");
}

TEST(FinishedWorkbook, LoadsWithoutRecalculating) {
    EXPECT_EQ(load_without_recalculation(R"(<sheets/><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>)"),
              R"(<sheets/><calcPr calcId="191029"/></workbook>)");
}

}  // namespace
}  // namespace kpilot::templates
