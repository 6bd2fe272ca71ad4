#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "kpilot/catalog.hpp"

namespace kpilot {
namespace {

TEST(Catalog, CheckedInDocsMatchTheRegistry) {
    std::ifstream in(KPILOT_DOCS_FILE);
    ASSERT_TRUE(in) << "docs/kpis.md is missing; run: cmake --build build --target update-docs";
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_TRUE(text.str() == catalog_markdown(Registry::builtin()))
        << "docs/kpis.md is stale; run: cmake --build build --target update-docs";
}

TEST(Catalog, ListsEveryKpiWithItsSignatureFormulaAndSource) {
    const std::string md = catalog_markdown(Registry::builtin());
    for (const auto& kpi : Registry::builtin().all()) {
        EXPECT_NE(md.find(worksheet_signature(kpi)), std::string::npos) << kpi.id;
        EXPECT_NE(md.find(kpi.formula), std::string::npos) << kpi.id;
        EXPECT_NE(md.find(kpi.source), std::string::npos) << kpi.id;
    }
}

TEST(Catalog, SignatureBracketsOptionalArguments) {
    EXPECT_EQ(worksheet_signature(*Registry::builtin().find("win_rate")), "KPI.WINRATE(won, lost, [open], [basis])");
}

}  // namespace
}  // namespace kpilot
