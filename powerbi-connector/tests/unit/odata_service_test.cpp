// The OData service without a network: replies, headers, paging links and
// values computed from a real dataset folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "odata_service.hpp"

namespace kpilot::bridge {
namespace {

namespace fs = std::filesystem;

class ODataServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("kpilot_bridge_test_" + std::to_string(::getpid()));
        fs::create_directories(root_ / "funnel");
        std::ofstream(root_ / "funnel" / "model.json") << R"json({
            "date_column": "date",
            "measures": {"clicks": {"aggregate": "sum", "column": "clicks"}, "impressions": {"aggregate": "sum", "column": "impressions"}},
            "kpis": {"ctr": "KPI.CTR(clicks, impressions)"},
            "groupings": {"by_channel_month": {"by": ["channel"], "grain": "month"}}})json";
        std::ofstream(root_ / "funnel" / "data.csv") << "date,channel,clicks,impressions\n"
                                                        "2026-07-01,Search,10,100\n2026-07-02,Email,0,0\n2026-08-01,Search,30,100\n";
        catalog_ = std::make_unique<DatasetCatalog>(root_);
        service_ = std::make_unique<ODataService>(*catalog_, ServiceOptions{.default_page_size = 2});
    }
    void TearDown() override { fs::remove_all(root_); }

    ServiceReply get(std::string_view target, std::string_view prefer = "") const {
        return service_->handle({"GET", target, "localhost:8750", prefer});
    }
    nlohmann::json json(std::string_view target, std::string_view prefer = "") const {
        const ServiceReply reply = get(target, prefer);
        EXPECT_EQ(reply.status, 200u) << reply.body;
        return nlohmann::json::parse(reply.body);
    }

    fs::path root_;
    std::unique_ptr<DatasetCatalog> catalog_;
    std::unique_ptr<ODataService> service_;
};

TEST_F(ODataServiceTest, ServiceDocumentListsEverySetWithV4Headers) {
    const ServiceReply reply = get("/odata/");
    EXPECT_EQ(reply.status, 200u);
    EXPECT_NE(reply.content_type.find("application/json"), std::string::npos);
    EXPECT_EQ(reply.headers.at(0), (std::pair<std::string, std::string>{"OData-Version", "4.0"}));
    const auto doc = nlohmann::json::parse(reply.body);
    EXPECT_EQ(doc["@odata.context"], "http://localhost:8750/odata/$metadata");
    std::vector<std::string> names;
    for (const auto& s : doc["value"]) names.push_back(s["name"]);
    EXPECT_EQ(names, (std::vector<std::string>{"KpiCatalog", "Funnel_Kpis", "Funnel_Values", "Funnel_by_channel_month"}));
}

TEST_F(ODataServiceTest, MetadataIsCsdlWithTypesAndKeys) {
    const ServiceReply reply = get("/odata/$metadata");
    EXPECT_EQ(reply.content_type, "application/xml");
    EXPECT_NE(reply.body.find("<EntitySet Name=\"Funnel_by_channel_month\" EntityType=\"Kpilot.Funnel_by_channel_month_Row\"/>"),
              std::string::npos);
    EXPECT_NE(reply.body.find("<Property Name=\"period_start\" Type=\"Edm.Date\"/>"), std::string::npos);
    EXPECT_NE(reply.body.find("<Property Name=\"ctr\" Type=\"Edm.Double\"/>"), std::string::npos);
    EXPECT_NE(reply.body.find("<Key><PropertyRef Name=\"row_id\"/></Key>"), std::string::npos);
}

TEST_F(ODataServiceTest, KpiErrorsAreNullWithTheirReason) {
    const auto doc = json("/odata/Funnel_by_channel_month?$filter=channel%20eq%20'Email'&$select=period,ctr,errors");
    ASSERT_EQ(doc["value"].size(), 1u);
    EXPECT_TRUE(doc["value"][0]["ctr"].is_null());
    EXPECT_EQ(doc["value"][0]["errors"], "ctr: #DIV/0! impressions is zero, so the ratio is undefined");
    const auto totals = json("/odata/Funnel_by_channel_month?$filter=level%20eq%20'total'&$select=ctr");
    EXPECT_DOUBLE_EQ(totals["value"][0]["ctr"].get<double>(), 40.0 / 200.0);
}

TEST_F(ODataServiceTest, PagesFollowUntilTheLastWhichHasNoNextLink) {
    auto page = json("/odata/Funnel_Values?$select=row_id&$count=true");
    const std::size_t total = page["@odata.count"];
    std::vector<int> seen;
    for (int guard = 0; guard < 100; ++guard) {
        for (const auto& row : page["value"]) seen.push_back(row["row_id"]);
        if (!page.contains("@odata.nextLink")) break;
        const std::string next = page["@odata.nextLink"];
        ASSERT_EQ(next.rfind("http://localhost:8750/odata/Funnel_Values?", 0), 0u) << next;
        page = json(next.substr(std::string("http://localhost:8750").size()));
    }
    ASSERT_EQ(seen.size(), total);
    for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], static_cast<int>(i + 1));
    const auto small = json("/odata/Funnel_Values?$top=3", "odata.maxpagesize=1");
    EXPECT_EQ(small["value"].size(), 1u);
    EXPECT_TRUE(small.contains("@odata.nextLink"));
    EXPECT_EQ(get("/odata/Funnel_Values/$count").body, std::to_string(total));
}

TEST_F(ODataServiceTest, BadRequestsGetODataErrors) {
    EXPECT_EQ(get("/odata/Funnel_Values?$select=colour").status, 400u);
    EXPECT_EQ(get("/odata/Funnel_Values?$top=abc").status, 400u);
    EXPECT_EQ(get("/odata/NoSuchSet").status, 404u);
    EXPECT_EQ(get("/odata/../../etc/passwd").status, 404u);  // sets are names, never paths
    EXPECT_EQ(service_->handle({"POST", "/odata/", "", ""}).status, 405u);
    const ServiceReply bad = get("/odata/Funnel_Values?$filter=value%20eq%20'x'");
    EXPECT_EQ(nlohmann::json::parse(bad.body)["error"]["code"], "BadRequest");
    EXPECT_EQ(bad.headers.at(0).first, "OData-Version");
}

TEST_F(ODataServiceTest, ChangedFilesAreServedOnTheNextRequest) {
    const std::string target = "/odata/Funnel_by_channel_month?$filter=level%20eq%20'total'&$select=ctr";
    EXPECT_DOUBLE_EQ(json(target)["value"][0]["ctr"].get<double>(), 0.2);
    std::ofstream(root_ / "funnel" / "data.csv", std::ios::app) << "2026-08-02,Search,60,100\n";
    EXPECT_DOUBLE_EQ(json(target)["value"][0]["ctr"].get<double>(), 100.0 / 300.0);
}

TEST_F(ODataServiceTest, HostileHostHeadersDoNotReachTheLinks) {
    const ServiceReply reply = service_->handle({"GET", "/odata/", "evil\"},{\"x", ""});
    EXPECT_NE(reply.body.find("http://127.0.0.1/odata/$metadata"), std::string::npos) << reply.body;
}

}  // namespace
}  // namespace kpilot::bridge
