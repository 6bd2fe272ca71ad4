#include <gtest/gtest.h>

#include "kpilot/targets.hpp"

namespace kpilot {
namespace {

TEST(Attainment, HigherIsBetterIsActualOverTarget) {
    auto a = attainment(90, 100, Direction::higher_is_better);
    ASSERT_TRUE(a);
    EXPECT_DOUBLE_EQ(a.value(), 0.9);
}

TEST(Attainment, LowerIsBetterIsTargetOverActual) {
    // A CAC target of 100 met at 80 is beaten by a quarter.
    auto a = attainment(80, 100, Direction::lower_is_better);
    ASSERT_TRUE(a);
    EXPECT_DOUBLE_EQ(a.value(), 1.25);
}

TEST(Attainment, ZeroTargetIsDivByZero) {
    auto a = attainment(5, 0, Direction::higher_is_better);
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().kind, ErrorKind::div0);
}

TEST(Status, RespectsDirectionAndThresholds) {
    const StatusThresholds t{};
    EXPECT_EQ(status_against_target(100, 100, Direction::higher_is_better, t).value(), Status::on_track);
    EXPECT_EQ(status_against_target(95, 100, Direction::higher_is_better, t).value(), Status::at_risk);
    EXPECT_EQ(status_against_target(89, 100, Direction::higher_is_better, t).value(), Status::off_track);
    // Churn of 5% against a 4% target: 0.8 attainment, off track; 4.2%: 0.952, at risk.
    EXPECT_EQ(status_against_target(0.05, 0.04, Direction::lower_is_better, t).value(), Status::off_track);
    EXPECT_EQ(status_against_target(0.042, 0.04, Direction::lower_is_better, t).value(), Status::at_risk);
    EXPECT_EQ(status_against_target(0.0, 0.04, Direction::lower_is_better, t).value(), Status::on_track);
    EXPECT_EQ(to_string(Status::at_risk), "at risk");
}

TEST(Status, RejectsThresholdsInTheWrongOrder) {
    auto s = status_against_target(1, 1, Direction::higher_is_better, {.on_track_at = 0.8, .at_risk_at = 0.9});
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, ErrorKind::num);
}

}  // namespace
}  // namespace kpilot
