// The add-in as Excel drives it, natively: xlAutoOpen registers, the generated
// exports compute, xlAutoFree12 frees, xlAutoClose undoes the registration.
#include <gtest/gtest.h>

#include <algorithm>

#include "addin_exports.hpp"
#include "excel_callback.hpp"
#include "excel_opers.hpp"
#include "excel_results.hpp"
#include "fake_excel.hpp"
#include "kpilot/registry.hpp"
#include "registration.hpp"
#include "utf16.hpp"

// A few of the generated exports, called as Excel calls them.
KPILOT_XLL_EXPORT XLOPER12* KPILOT_XLL_STDCALL KPI_ROMI(XLOPER12*, XLOPER12*, XLOPER12*);
KPILOT_XLL_EXPORT XLOPER12* KPILOT_XLL_STDCALL KPI_STATUS(XLOPER12*, XLOPER12*, XLOPER12*, XLOPER12*, XLOPER12*);
KPILOT_XLL_EXPORT XLOPER12* KPILOT_XLL_STDCALL KPI_NPS(XLOPER12*);
KPILOT_XLL_EXPORT XLOPER12* KPILOT_XLL_STDCALL KPI_CATALOG();
// KPI.EXPLAIN takes one more argument than the longest function it explains (KPI.ATTRIBUTION's 11);
// ExplainGivesTheMessageOrNothing below checks it is still 12.
KPILOT_XLL_EXPORT XLOPER12* KPILOT_XLL_STDCALL KPI_EXPLAIN(XLOPER12*, XLOPER12*, XLOPER12*, XLOPER12*, XLOPER12*,
                                                           XLOPER12*, XLOPER12*, XLOPER12*, XLOPER12*, XLOPER12*,
                                                           XLOPER12*, XLOPER12*);

namespace kpilot::xll {
namespace {

using fake::FakeExcel;
using fake::Opers;
using fake::read_result;

const std::u16string dll_path = u"C:\\Users\\ana\\AddIns\\kpilot-x64.xll";

class AddinTest : public ::testing::Test {
protected:
    void SetUp() override {
        FakeExcel::instance().reset(dll_path);
        set_excel_entry_point(&fake::fake_md_callback12);
    }
    void TearDown() override {
        for (const auto& problem : FakeExcel::instance().problems()) ADD_FAILURE() << problem;
        EXPECT_EQ(FakeExcel::instance().blocks_outstanding(), 0u);
        EXPECT_EQ(blocks_held_by_excel(), 0u);
        set_excel_entry_point(nullptr);
    }
    Opers opers;
};

TEST_F(AddinTest, OpeningRegistersEveryKpiWithItsHelp) {
    ASSERT_EQ(xlAutoOpen(), 1);
    const auto registrations = FakeExcel::instance().registrations();
    const auto& kpis = Registry::builtin().all();
    ASSERT_EQ(registrations.size(), kpis.size() + 5);
    for (std::size_t i = 0; i < kpis.size(); ++i) {
        const auto& r = registrations[i];
        EXPECT_EQ(r.module, dll_path);
        EXPECT_EQ(r.function_text, utf16_from_utf8(kpis[i].worksheet_name));
        EXPECT_EQ(r.category, u"kpilot");
        EXPECT_EQ(r.macro_type, 1);
        EXPECT_EQ(r.type_text.size(), kpis[i].parameters.size() + 2);
        ASSERT_EQ(r.argument_help.size(), kpis[i].parameters.size() + 1) << "one per argument and an empty one";
        EXPECT_EQ(r.argument_help.back(), u"");
        EXPECT_EQ(r.argument_types[7], xltypeMissing);
    }
    EXPECT_EQ(registrations[kpis.size()].function_text, u"KPI.EXPLAIN");
    EXPECT_EQ(registrations[kpis.size() + 1].function_text, u"KPI.CATALOG");
    EXPECT_EQ(registrations[kpis.size() + 2].function_text, u"KPI.EVAL");
    EXPECT_EQ(registrations[kpis.size() + 3].function_text, u"KPI.LOADMODEL");
    EXPECT_EQ(registrations.back().function_text, u"KPI.ATTRIBUTION");
    EXPECT_EQ(registrations.back().type_text, u"QUUUUUQQUUUU$");
    EXPECT_EQ(registrations.back().argument_help.size(), 12u) << "eleven and an empty one";
    EXPECT_EQ(xlAutoClose(), 1);
}

TEST_F(AddinTest, ClosingUnregistersAndDeletesEveryName) {
    ASSERT_EQ(xlAutoOpen(), 1);
    ASSERT_EQ(xlAutoClose(), 1);
    const auto registrations = FakeExcel::instance().registrations();
    const auto ids = FakeExcel::instance().unregistered_ids();
    const auto names = FakeExcel::instance().deleted_names();
    ASSERT_EQ(ids.size(), registrations.size());
    for (std::size_t i = 0; i < registrations.size(); ++i) {
        EXPECT_EQ(ids[i], registrations[i].register_id);
        EXPECT_EQ(names[i], registrations[i].function_text);
    }
}

TEST_F(AddinTest, ExportsComputeTheCoresValues) {
    EXPECT_EQ(read_result(KPI_ROMI(opers.number(1000), opers.number(0.4), opers.number(200))).value, Value(1.0));
    const auto zero_spend = read_result(KPI_ROMI(opers.number(1000), opers.number(0.4), opers.number(0)));
    EXPECT_EQ(zero_spend.excel_error, xlerrDiv0);
    const auto missing = read_result(KPI_ROMI(opers.number(1000), opers.missing(), opers.number(200)));
    EXPECT_EQ(missing.excel_error, xlerrValue);
}

TEST_F(AddinTest, TextResultsComeBackThroughXlAutoFree12) {
    XLOPER12* status =
        KPI_STATUS(opers.number(95), opers.number(100), opers.missing(), opers.missing(), opers.missing());
    const auto read = read_result(status);
    EXPECT_EQ(read.value, Value("at risk"));
    EXPECT_TRUE(read.dll_free);
    EXPECT_EQ(blocks_held_by_excel(), 1u);
    xlAutoFree12(status);
}

TEST_F(AddinTest, AnErrorTheCoreCannotNameComesBackUnchanged) {
    std::vector<XLOPER12> cells{opers.cell(10), *opers.error(xlerrRef), *opers.error(xlerrNA)};
    EXPECT_EQ(read_result(KPI_NPS(opers.multi(3, 1, cells))).excel_error, xlerrRef);
    EXPECT_EQ(read_result(KPI_ROMI(opers.error(xlerrNA), opers.error(xlerrName), opers.number(1))).excel_error, xlerrNA)
        << "the first error wins, as in the core";
    EXPECT_EQ(read_result(KPI_ROMI(opers.error(xlerrNull), opers.error(xlerrNA), opers.number(1))).excel_error,
              xlerrNull);
}

TEST_F(AddinTest, RangeReferencesAreReadThroughExcel) {
    auto& excel = FakeExcel::instance();
    const std::vector<Value> scores{10, 9, 8, 7, 6, "n/a", Value()};
    for (std::size_t r = 0; r < scores.size(); ++r) excel.set_cell(static_cast<RW>(r), 1, scores[r]);
    EXPECT_EQ(read_result(KPI_NPS(opers.sref({0, 6, 1, 1}))).value, Value(20.0));
}

TEST_F(AddinTest, ExplainGivesTheMessageOrNothing) {
    ASSERT_EQ(explain_argument_count(Registry::builtin()), 12u) << "update KPI_EXPLAIN's declaration above";
    XLOPER12* why = KPI_EXPLAIN(opers.text(u"kpi.romi"), opers.number(1000), opers.number(0.4), opers.number(0),
                                opers.missing(), opers.missing(), opers.missing(), opers.missing(), opers.missing(),
                                opers.missing(), opers.missing(), opers.missing());
    const auto read = read_result(why);
    ASSERT_TRUE(read.value.is_text());
    EXPECT_EQ(read.value.text().rfind("#DIV/0! ", 0), 0u) << read.value.text();
    EXPECT_NE(read.value.text().find("marketing_spend"), std::string::npos) << read.value.text();
    xlAutoFree12(why);

    XLOPER12* fine = KPI_EXPLAIN(opers.text(u"romi"), opers.number(1000), opers.number(0.4), opers.number(200),
                                 opers.missing(), opers.missing(), opers.missing(), opers.missing(), opers.missing(),
                                 opers.missing(), opers.missing(), opers.missing());
    EXPECT_EQ(read_result(fine).value, Value(""));
    xlAutoFree12(fine);

    XLOPER12* unknown = KPI_EXPLAIN(opers.text(u"KPI.NOPE"), opers.missing(), opers.missing(), opers.missing(),
                                    opers.missing(), opers.missing(), opers.missing(), opers.missing(), opers.missing(),
                                    opers.missing(), opers.missing(), opers.missing());
    EXPECT_NE(read_result(unknown).value.text().find("unknown KPI"), std::string::npos);
    xlAutoFree12(unknown);
}

TEST_F(AddinTest, CatalogListsEveryKpi) {
    XLOPER12* catalog = KPI_CATALOG();
    ASSERT_EQ(catalog->xltype, xltypeMulti | xlbitDLLFree);
    const auto& kpis = Registry::builtin().all();
    ASSERT_EQ(static_cast<std::size_t>(catalog->val.array.rows), kpis.size() + 1);
    ASSERT_EQ(catalog->val.array.columns, 5);
    const XLOPER12* cells = catalog->val.array.lparray;
    EXPECT_EQ(read_result(&cells[0]).value, Value("function"));
    for (std::size_t i = 0; i < kpis.size(); ++i) {
        EXPECT_EQ(read_result(&cells[5 * (i + 1)]).value, Value(kpis[i].worksheet_name));
        EXPECT_EQ(read_result(&cells[5 * (i + 1) + 4]).value, Value(kpis[i].formula));
    }
    xlAutoFree12(catalog);
}

TEST_F(AddinTest, TheAddInsDialogGetsAName) {
    const auto name = read_result(xlAddInManagerInfo12(opers.number(1)));
    ASSERT_TRUE(name.value.is_text());
    EXPECT_NE(name.value.text().find("kpilot"), std::string::npos);
    EXPECT_FALSE(name.dll_free);
    EXPECT_EQ(read_result(xlAddInManagerInfo12(opers.number(2))).excel_error, xlerrValue);
}

}  // namespace
}  // namespace kpilot::xll
