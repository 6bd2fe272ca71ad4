// The registry's metadata obeys the rules every front end relies on.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <thread>

#include "kpilot/registry.hpp"

namespace kpilot {
namespace {

constexpr std::size_t excel_string_limit = 255;  // xlfRegister truncates help texts beyond this

TEST(Registry, HoldsEveryKpiOnce) {
    const auto& all = Registry::builtin().all();
    EXPECT_GE(all.size(), 50u);
    std::set<std::string> ids, names;
    for (const auto& kpi : all) {
        EXPECT_TRUE(ids.insert(kpi.id).second) << "duplicate id " << kpi.id;
        EXPECT_TRUE(names.insert(kpi.worksheet_name).second) << "duplicate worksheet name " << kpi.worksheet_name;
    }
}

TEST(Registry, NamesFollowTheConventions) {
    const std::regex id_pattern("[a-z][a-z0-9_]*");
    const std::regex worksheet_pattern("KPI\\.[A-Z][A-Z0-9]*");
    for (const auto& kpi : Registry::builtin().all()) {
        EXPECT_TRUE(std::regex_match(kpi.id, id_pattern)) << kpi.id;
        EXPECT_TRUE(std::regex_match(kpi.worksheet_name, worksheet_pattern)) << kpi.worksheet_name;
        EXPECT_LE(kpi.worksheet_name.size(), 32u) << kpi.worksheet_name;
        std::set<std::string> params;
        for (const auto& p : kpi.parameters) {
            EXPECT_TRUE(std::regex_match(p.name, id_pattern)) << kpi.id << "." << p.name;
            EXPECT_TRUE(params.insert(p.name).second) << kpi.id << " repeats " << p.name;
        }
    }
}

TEST(Registry, EveryKpiIsFullyDescribedWithinExcelLimits) {
    for (const auto& kpi : Registry::builtin().all()) {
        SCOPED_TRACE(kpi.id);
        EXPECT_FALSE(kpi.title.empty());
        EXPECT_FALSE(kpi.description.empty());
        EXPECT_LE(kpi.description.size(), excel_string_limit);
        EXPECT_FALSE(kpi.formula.empty());
        EXPECT_FALSE(kpi.source.empty());
        EXPECT_TRUE(static_cast<bool>(kpi.compute));
        EXPECT_FALSE(kpi.parameters.empty());
        std::string argument_names;
        bool seen_optional = false;
        for (const auto& p : kpi.parameters) {
            EXPECT_FALSE(p.description.empty()) << p.name;
            EXPECT_LE(p.description.size(), excel_string_limit) << p.name;
            argument_names += (argument_names.empty() ? "" : ",") + p.name;
            // Excel passes arguments by position, so optional ones must come last.
            if (seen_optional) {
                EXPECT_TRUE(p.optional) << p.name << " is required after an optional argument";
            }
            seen_optional = seen_optional || p.optional;
            if (p.kind == ParameterKind::choice) {
                EXPECT_GE(p.choices.size(), 2u) << p.name;
            }
        }
        EXPECT_LE(argument_names.size(), excel_string_limit);
    }
}

TEST(Registry, FindsByIdAndByWorksheetNameInAnyCase) {
    const auto& r = Registry::builtin();
    ASSERT_NE(r.find("lead_to_opportunity_ratio"), nullptr);
    EXPECT_EQ(r.find("KPI.LEADTOOPP"), r.find("lead_to_opportunity_ratio"));
    EXPECT_EQ(r.find("kpi.romi"), r.find("romi"));
    EXPECT_EQ(r.find("no_such_kpi"), nullptr);
}

TEST(Registry, DirectionsMatchWhatUsersExpect) {
    const auto& r = Registry::builtin();
    EXPECT_EQ(r.find("customer_acquisition_cost")->direction, Direction::lower_is_better);
    EXPECT_EQ(r.find("churn_rate")->direction, Direction::lower_is_better);
    EXPECT_EQ(r.find("bounce_rate")->direction, Direction::lower_is_better);
    EXPECT_EQ(r.find("sales_cycle_length")->direction, Direction::lower_is_better);
    EXPECT_EQ(r.find("romi")->direction, Direction::higher_is_better);
    EXPECT_EQ(r.find("net_promoter_score")->unit, Unit::score);
    EXPECT_EQ(r.find("lead_to_opportunity_ratio")->unit, Unit::ratio);
}

TEST(Registry, IsSafeToBuildAndUseFromManyThreads) {
    std::vector<std::thread> threads;
    std::vector<double> results(8, 0.0);
    for (std::size_t t = 0; t < results.size(); ++t)
        threads.emplace_back([&results, t] {
            const std::vector<Argument> args{Argument::scalar(Value(static_cast<double>(t + 1))), Argument::scalar(Value(10.0))};
            for (int i = 0; i < 1000; ++i) {
                auto r = evaluate("KPI.CTR", args);
                if (r) results[t] = r.value().number();
            }
        });
    for (auto& th : threads) th.join();
    for (std::size_t t = 0; t < results.size(); ++t) EXPECT_DOUBLE_EQ(results[t], static_cast<double>(t + 1) / 10.0);
}

}  // namespace
}  // namespace kpilot
