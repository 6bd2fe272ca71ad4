// The service when its inputs go wrong or its clients ask for too much: a
// model saved with an error, paging past 2^64, request bytes in links.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "json_text.hpp"
#include "odata_service.hpp"

namespace kpilot::bridge {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view good_model = R"json({"date_column": "date",
    "measures": {"clicks": {"aggregate": "sum", "column": "clicks"}, "impressions": {"aggregate": "sum", "column": "impressions"}},
    "kpis": {"ctr": "KPI.CTR(clicks, impressions)"},
    "groupings": {"by_channel_day": {"by": ["channel"], "grain": "day"}}})json";

class DatasetFailureTest : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("kpilot_dataset_failure_test_" + std::to_string(::getpid()));
        fs::create_directories(root_ / "funnel");
        write_model(good_model);
        std::ofstream data(root_ / "funnel" / "data.csv");
        data << "date,channel,clicks,impressions\n";
        for (int day = 1; day <= 9; ++day) data << "2026-07-0" << day << ",Search," << day << ",100\n";
        data.close();
        catalog_ = std::make_unique<DatasetCatalog>(root_);
        catalog_->set_log([this](const std::string& line) { log_ += line + "\n"; });
        service_ = std::make_unique<ODataService>(*catalog_, ServiceOptions{.default_page_size = 2});
    }
    void TearDown() override { fs::remove_all(root_); }

    // As editors save: a new file renamed over the old one.
    void write_model(std::string_view text) const {
        std::ofstream(root_ / "funnel" / "model.json.saving") << text;
        fs::rename(root_ / "funnel" / "model.json.saving", root_ / "funnel" / "model.json");
    }
    ServiceReply get(std::string_view target) const { return service_->handle({"GET", target, "localhost:8750", ""}); }

    fs::path root_;
    std::string log_;
    std::unique_ptr<DatasetCatalog> catalog_;
    std::unique_ptr<ODataService> service_;
};

// Found by fuzzing (issue 11): a model with 1e999 saved while the bridge ran gave one 500 with
// nlohmann's text, then the old model's results as if they were current.
TEST_F(DatasetFailureTest, AModelSavedWithAnErrorIsReportedAndNotServedAsCurrent) {
    ASSERT_EQ(get("/odata/Funnel_by_channel_day").status, 200u);
    for (std::string_view bad :
         {R"json({"date_column": "date", "measures": {"clicks": {"aggregate": "sum", "column": "clicks"}},
                                          "kpis": {"big": "clicks * 1e999"}, "threshold": 1e999})json",
          R"json({"date_column": "date", "kpis": )json"}) {
        write_model(bad);
        for (int attempt = 0; attempt < 3; ++attempt) {  // every request, not only the first
            const ServiceReply reply = get("/odata/Funnel_by_channel_day");
            EXPECT_EQ(reply.status, 503u) << reply.body;
            const auto error = nlohmann::json::parse(reply.body)["error"];
            EXPECT_EQ(error["code"], "DatasetUnavailable");
            const std::string message = error["message"];
            EXPECT_NE(message.find("model.json"), std::string::npos) << message;
            EXPECT_EQ(message.find("json.exception"), std::string::npos) << message;
        }
        // The set stays declared, so a client's navigator does not change under it.
        EXPECT_NE(get("/odata/").body.find("\"Funnel_by_channel_day\""), std::string::npos);
        EXPECT_NE(get("/odata/$metadata").body.find("Funnel_by_channel_day_Row"), std::string::npos);
        EXPECT_EQ(get("/odata/KpiCatalog?$top=1").status, 200u);  // the rest of the feed is served on
        EXPECT_NE(log_.find("model.json"), std::string::npos) << log_;
        EXPECT_NE(log_.find("answer 503 until their files are fixed"), std::string::npos) << log_;
        EXPECT_EQ(log_.find("json.exception"), std::string::npos) << log_;
        log_.clear();
    }
    write_model(good_model);
    EXPECT_EQ(get("/odata/Funnel_by_channel_day").status, 200u);
    EXPECT_NE(log_.find("inputs changed: "), std::string::npos) << log_;
}

// Found by fuzzing (issue 11): 6 rows for $top=5, and none of 559 for $top=2^64-1.
TEST_F(DatasetFailureTest, PagingPastTwoToTheSixtyFourIsClampedNotWrapped) {
    const auto rows = [&](std::string_view target) {
        const ServiceReply reply = get(target);
        EXPECT_EQ(reply.status, 200u) << target << ": " << reply.body;
        return nlohmann::json::parse(reply.body);
    };
    const std::size_t total = std::stoul(get("/odata/Funnel_by_channel_day/$count").body);
    ASSERT_GT(total, 3u);
    const auto past = rows("/odata/Funnel_by_channel_day?$top=5&$skip=1&$skiptoken=18446744073709551615");
    EXPECT_TRUE(past["value"].empty());
    EXPECT_FALSE(past.contains("@odata.nextLink"));
    const auto all = rows("/odata/Funnel_by_channel_day?$top=18446744073709551615&$skip=1");
    EXPECT_EQ(all["value"].size(), 2u);  // one page of them
    EXPECT_EQ(all["value"][0]["row_id"], 2);
    EXPECT_EQ(all["@odata.nextLink"],
              "http://localhost:8750/odata/Funnel_by_channel_day?$top=18446744073709551615&$skip=1&$skiptoken=2");
}

// Found by fuzzing (issue 11): a query holding the byte 0xFF put it into @odata.nextLink.
TEST_F(DatasetFailureTest, TheNextLinkIsAPercentEncodedUrlWhateverTheQueryHeld) {
    const ServiceReply reply = get("/odata/Funnel_by_channel_day?tag=\xff\xfe&other=%FF");
    ASSERT_EQ(reply.status, 200u);
    ASSERT_TRUE(is_valid_utf8(reply.body));
    const std::string next = nlohmann::json::parse(reply.body)["@odata.nextLink"];
    EXPECT_EQ(next, "http://localhost:8750/odata/Funnel_by_channel_day?tag=%FF%FE&other=%FF&$skiptoken=2");
}

}  // namespace
}  // namespace kpilot::bridge
