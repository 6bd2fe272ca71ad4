// What a connection is answered, from the bytes it sends: the same code the
// server runs, fed from memory.
#include "http_exchange.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "json_text.hpp"

namespace kpilot::bridge {
namespace {

namespace fs = std::filesystem;

class HttpExchangeTest : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("kpilot_http_exchange_test_" + std::to_string(::getpid()));
        fs::create_directories(root_ / "funnel");
        std::ofstream(root_ / "funnel" / "model.json") << R"json({"date_column": "date",
            "measures": {"clicks": {"aggregate": "sum", "column": "clicks"}, "impressions": {"aggregate": "sum", "column": "impressions"}},
            "kpis": {"ctr": "KPI.CTR(clicks, impressions)"}})json";
        std::ofstream(root_ / "funnel" / "data.csv") << "date,channel,clicks,impressions\n2026-07-01,Search,10,100\n";
        catalog_ = std::make_unique<DatasetCatalog>(root_);
        service_ = std::make_unique<ODataService>(*catalog_, ServiceOptions{});
    }
    void TearDown() override { fs::remove_all(root_); }

    std::vector<std::string> serve(std::string_view bytes) const { return serve_bytes(*service_, options_, bytes); }
    static int status(const std::string& response) { return std::atoi(response.c_str() + 9); }
    static std::string body(const std::string& response) { return response.substr(response.find("\r\n\r\n") + 4); }

    fs::path root_;
    std::unique_ptr<DatasetCatalog> catalog_;
    std::unique_ptr<ODataService> service_;
    ServerOptions options_;
};

// Found by fuzzing (issue 11): the 404 body held the byte 0xFF.
TEST_F(HttpExchangeTest, RequestBytesNeverMakeAReplyInvalidUtf8) {
    for (std::string_view target :
         {"/odata/%FF", "/odata/\xff\xfe", "/odata/Funnel_Values?$filter=%C0", "/odata/Funnel_Values?$top=1&x=%FF"}) {
        const auto responses =
            serve("GET " + std::string(target) + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        ASSERT_EQ(responses.size(), 1u) << target;
        EXPECT_TRUE(is_valid_utf8(body(responses[0]))) << target;
        EXPECT_TRUE(nlohmann::json::accept(body(responses[0]))) << target;
    }
    EXPECT_EQ(status(serve("GET /odata/%FF HTTP/1.1\r\nHost: h\r\n\r\n").at(0)), 404);
}

// Found in issue 11: a request with a body and another method got 413.
TEST_F(HttpExchangeTest, AnotherMethodIsA405WithAllowEvenWithABody) {
    const auto post = serve("POST /odata/ HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
    ASSERT_EQ(post.size(), 1u);
    EXPECT_EQ(status(post[0]), 405) << post[0];
    EXPECT_NE(post[0].find("\r\nAllow: GET, HEAD\r\n"), std::string::npos);
    EXPECT_NE(post[0].find("\r\nConnection: close\r\n"), std::string::npos);  // the body is never read
    EXPECT_EQ(
        status(serve("DELETE /odata/ HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                   .at(0)),
        405);
    EXPECT_EQ(status(serve("GET /odata/ HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello").at(0)), 413);
}

TEST_F(HttpExchangeTest, PipelinedAndHttp10RequestsAreAnsweredInOrder) {
    const auto replies = serve(
        "GET /odata/ HTTP/1.1\r\nHost: h\r\n\r\nHEAD /odata/$metadata HTTP/1.1\r\nHost: h\r\n\r\n"
        "GET /odata/Nope HTTP/1.0\r\n\r\nGET /odata/ HTTP/1.1\r\nHost: h\r\n\r\n");
    ASSERT_EQ(replies.size(), 3u);  // HTTP/1.0 without keep-alive closes after its reply
    EXPECT_EQ(status(replies[0]), 200);
    EXPECT_EQ(status(replies[1]), 200);
    EXPECT_TRUE(body(replies[1]).empty());
    EXPECT_EQ(status(replies[2]), 404);
    EXPECT_NE(replies[2].find("\r\nConnection: close\r\n"), std::string::npos);
    EXPECT_EQ(status(serve("GET /odata/ HTTP/1.1\r\nHost").at(0)), 400);  // cut off mid-header
    EXPECT_TRUE(serve("").empty());
}

}  // namespace
}  // namespace kpilot::bridge
