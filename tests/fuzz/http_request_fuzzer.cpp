// The bridge's request handling above the socket over arbitrary bytes: what
// a connection sends (request line, target, headers, method, a body, several
// pipelined requests) answered as the server answers it, from a small
// dataset written to a temporary folder at start. Checks every response as a
// client reads it: a status the bridge means to send (never a 500: that is an
// exception escaping), OData-Version on every reply, valid UTF-8 and
// valid JSON in every JSON body, and a next link that is a plain URL.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>

#include "http_exchange.hpp"
#include "json_text.hpp"

namespace {

namespace fs = std::filesystem;
using namespace kpilot::bridge;

[[noreturn]] void broken(const char* what, std::string_view response) {
    std::fprintf(stderr, "http_request invariant broken: %s\n%.*s\n", what,
                 static_cast<int>(std::min<std::size_t>(response.size(), 2000)), response.data());
    std::abort();
}

struct Bridge {
    fs::path root;
    std::unique_ptr<DatasetCatalog> catalog;
    std::unique_ptr<ODataService> service;
    ServerOptions open, keyed;

    Bridge() {
        char folder[] = "/tmp/kpilot-http-fuzz-XXXXXX";
        if (!::mkdtemp(folder)) std::abort();
        root = folder;
        fs::create_directories(root / "funnel");
        std::ofstream(root / "funnel" / "model.json") << R"json({
            "date_column": "date",
            "measures": {"clicks": {"aggregate": "sum", "column": "clicks"}, "impressions": {"aggregate": "sum", "column": "impressions"}},
            "kpis": {"ctr": "KPI.CTR(clicks, impressions)"},
            "groupings": {"by_channel_month": {"by": ["channel"], "grain": "month"}}})json";
        // A channel name in Latin-1, as some exports write it: it must reach clients as valid UTF-8.
        std::ofstream(root / "funnel" / "data.csv")
            << "date,channel,clicks,impressions\n"
               "2026-07-01,Search,10,100\n2026-07-02,Email,0,0\n2026-08-01,Search,30,100\n"
               "2026-08-03,Caf\xe9,5,50\n";
        catalog = std::make_unique<DatasetCatalog>(root);
        service = std::make_unique<ODataService>(*catalog, ServiceOptions{.default_page_size = 3});
        service->set_fallback_host("127.0.0.1:8750");
        open.limits.longest_target = 2048;
        open.limits.largest_header = 4096;
        keyed = open;
        keyed.api_key = "fuzz-key";
    }
    ~Bridge() {
        std::error_code ignored;
        fs::remove_all(root, ignored);
    }
};

Bridge* bridge = nullptr;

void check(const std::string& response) {
    const std::size_t end = response.find("\r\n\r\n");
    if (response.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) broken("not an HTTP/1.1 response", response);
    const int status = std::atoi(response.c_str() + 9);
    const std::string_view head(response.data(), end);
    const std::string_view body = std::string_view(response).substr(end + 4);
    if (status < 200 || status > 599 || status == 500) broken("an unexpected status", response);
    if (!is_valid_utf8(body)) broken("a body that is not valid UTF-8", response);
    if (head.find("\r\nOData-Version: 4.0\r\n") == std::string_view::npos) broken("no OData-Version: 4.0", response);
    const bool json = head.find("\r\nContent-Type: application/json") != std::string_view::npos;
    if (!json || body.empty()) return;
    const auto document = nlohmann::json::parse(body, nullptr, false);
    if (document.is_discarded()) broken("a JSON body that does not parse", response);
    if (status >= 400 && !(document.contains("error") && document["error"].contains("message")))
        broken("an error without a message", response);
    if (document.contains("@odata.nextLink")) {
        const std::string link = document["@odata.nextLink"];
        for (unsigned char c : link)
            if (c <= 0x20 || c >= 0x7F || c == '"' || c == '\\' || c == '#')
                broken("a next link that is not a plain URL", response);
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    bridge = new Bridge;
    std::atexit([] { delete bridge; });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The first byte chooses a bridge with or without an API key.
    if (size == 0) return 0;
    const ServerOptions& options = data[0] & 1 ? bridge->keyed : bridge->open;
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    for (const std::string& response : serve_bytes(*bridge->service, options, bytes)) check(response);
    return 0;
}
