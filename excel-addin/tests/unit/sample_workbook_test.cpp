// The sample workbook holds a live formula for every KPI, with the core's
// value cached in the cell. Read back from the file, unpacked with CMake
// (an .xlsx is a zip of XML parts).
#include "sample_workbook.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include "case_file.hpp"
#include "examples.hpp"

namespace kpilot::xll {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

class SampleWorkbookTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        // CTest runs each test in its own process, several at once: an unseeded std::rand() gave them all
        // one folder, and the first to finish deleted it under the others.
        dir_ = fs::temp_directory_path() / ("kpilot-sample-test-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
        cases_ = testing::read_case_file(KPILOT_CASES_FILE);
        const std::string problem = write_sample_workbook((dir_ / "sample.xlsx").string(), Registry::builtin(), cases_);
        ASSERT_EQ(problem, "");
        const std::string unpack = "cd \"" + dir_.string() + "\" && \"" KPILOT_CMAKE_COMMAND "\" -E tar xf sample.xlsx";
        ASSERT_EQ(std::system(unpack.c_str()), 0);
        sheet_ = read_text(dir_ / "xl" / "worksheets" / "sheet1.xml");
        catalog_ = read_text(dir_ / "xl" / "worksheets" / "sheet2.xml");
        attribution_ = read_text(dir_ / "xl" / "worksheets" / "sheet3.xml");
    }
    static void TearDownTestSuite() { fs::remove_all(dir_); }

    static inline fs::path dir_;
    static inline testing::CaseFile cases_;
    static inline std::string sheet_, catalog_, attribution_;
};

TEST_F(SampleWorkbookTest, HasAFormulaForEveryKpiWithTheCoresValueCached) {
    for (const auto& e : kpi_examples(Registry::builtin(), cases_)) {
        ASSERT_NE(e.call, nullptr) << e.kpi->worksheet_name << " has no value case to show";
        // <c r="B20" s="3"><f>KPI.ROMI(B17,B18,B19)</f><v>1</v></c>
        const std::regex cell("<f>" + std::regex_replace(e.kpi->worksheet_name, std::regex("\\."), "\\.") +
                              "\\(([^<]*)\\)</f><v>([^<]*)</v>");
        // The last one: KPI.ROI also appears first, giving an error beside KPI.EXPLAIN.
        std::string cached;
        for (std::sregex_iterator it(sheet_.begin(), sheet_.end(), cell), end; it != end; ++it) cached = (*it)[2];
        ASSERT_FALSE(cached.empty()) << e.kpi->worksheet_name << " has no formula";
        if (e.result.is_number())
            EXPECT_NEAR(std::stod(cached), e.result.number(), 1e-12 * std::max(1.0, std::abs(e.result.number())))
                << e.kpi->worksheet_name;
        else
            EXPECT_EQ(cached, to_display_text(e.result)) << e.kpi->worksheet_name;
    }
}

TEST_F(SampleWorkbookTest, ShowsExplainBesideAnErrorAndTheCatalog) {
    EXPECT_NE(sheet_.find("<f>KPI.EXPLAIN(\"KPI.ROI\","), std::string::npos);
    EXPECT_NE(catalog_.find("KPI.CATALOG()</f>"), std::string::npos);
}

TEST_F(SampleWorkbookTest, ShowsAttributionOverAPathTableOnTheSheet) {
    // The example's four ranges as columns A to D (rows 2 to 5), its models in F2, the formula below.
    EXPECT_NE(attribution_.find("KPI.ATTRIBUTION(A2:A5,B2:B5,C2:C5,D2:D5,F2)</f>"), std::string::npos) << attribution_;
    const std::string strings = read_text(dir_ / "xl" / "sharedStrings.xml");
    EXPECT_NE(strings.find("Paid Search &gt; Email &gt; Direct"), std::string::npos);
    EXPECT_NE(strings.find("last_touch, last_non_direct_touch, linear, markov, shapley"), std::string::npos);
}

}  // namespace
}  // namespace kpilot::xll
