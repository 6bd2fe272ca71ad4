// kpilot-bridge: KPI datasets from a folder, served as an OData v4 feed that
// Power BI, Excel's Power Query and other BI tools read with nothing installed.
#include <boost/program_options.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "http_server.hpp"

namespace {

bool is_loopback(const std::string& address) {
    return address == "127.0.0.1" || address == "::1" || address.rfind("127.", 0) == 0 || address == "localhost";
}

}  // namespace

namespace {

int serve(int argc, char** argv) {
    namespace po = boost::program_options;
    using namespace kpilot::bridge;
    po::options_description options("kpilot-bridge: KPI datasets as an OData v4 feed for Power BI\n\nOptions");
    options.add_options()("help,h", "show this help")("data,d", po::value<std::string>()->required(),
                                                      "folder with a KPI model (model.json), its data (one CSV) and "
                                                      "optional targets.csv, or subfolders that each hold them")(
        "port,p", po::value<unsigned short>()->default_value(8750), "TCP port (0: any free port, printed on start)")(
        "listen", po::value<std::string>()->default_value("127.0.0.1"),
        "address to listen on; anything but loopback needs an API key")(
        "api-key", po::value<std::string>(), "key clients must send (or set KPILOT_API_KEY)")(
        "threads", po::value<unsigned>()->default_value(2), "worker threads")(
        "page-size", po::value<std::size_t>()->default_value(10000),
        "rows per page unless the client prefers fewer (Prefer: odata.maxpagesize)")(
        "max-connections", po::value<std::size_t>()->default_value(256),
        "connections held at once; when full, the one waiting longest for a request is closed to make room (503 only "
        "when every one is being answered)")(
        "request-timeout", po::value<unsigned>()->default_value(10),
        "seconds a client has to send a request's headers, and an idle connection is kept");
    po::variables_map values;
    try {
        po::store(po::parse_command_line(argc, argv, options), values);
        if (values.count("help")) {
            std::cout << options
                      << "\nThe feed is at http://ADDRESS:PORT/odata/ (Get Data -> OData feed in Power BI).\n";
            return 0;
        }
        po::notify(values);
    } catch (const po::error& e) {
        std::cerr << "kpilot-bridge: " << e.what() << " (see --help)\n";
        return 2;
    }

    ServerOptions server;
    server.address = values["listen"].as<std::string>();
    if (server.address == "localhost") server.address = "127.0.0.1";
    server.port = values["port"].as<unsigned short>();
    server.threads = values["threads"].as<unsigned>();
    server.limits.most_connections = values["max-connections"].as<std::size_t>();
    server.limits.request_time = std::chrono::seconds(values["request-timeout"].as<unsigned>());
    if (values.count("api-key"))
        server.api_key = values["api-key"].as<std::string>();
    else if (const char* key = std::getenv("KPILOT_API_KEY"))
        server.api_key = key;
    if (!is_loopback(server.address) && server.api_key.empty()) {
        std::cerr << "kpilot-bridge: listening on " << server.address
                  << " would expose the feed beyond this machine; give an --api-key (or KPILOT_API_KEY) first\n";
        return 2;
    }
    const std::filesystem::path root = values["data"].as<std::string>();
    if (!std::filesystem::is_directory(root)) {
        std::cerr << "kpilot-bridge: " << root.string() << " is not a folder\n";
        return 1;
    }

    DatasetCatalog catalog(root);
    // Problems found while serving (a model saved with an error, say) are logged when the inputs change.
    catalog.set_log([](const std::string& line) { std::cerr << "kpilot-bridge: " << line << std::endl; });
    {
        const auto snapshot = catalog.snapshot();
        // A dataset that cannot be read at start-up would be served as an empty feed: refuse to start instead.
        if (!snapshot->failures.empty()) {
            std::cerr << "kpilot-bridge: not starting: " << snapshot->failures.size() << " dataset(s) in "
                      << root.string() << " cannot be read; fix the file(s) named above\n";
            return 1;
        }
        std::cerr << "kpilot-bridge: " << snapshot->sets.size() << " entity sets from " << root.string() << '\n';
    }
    ServiceOptions service_options;
    service_options.default_page_size = values["page-size"].as<std::size_t>();
    ODataService service(catalog, service_options);
    const std::string error = run_server(server, service, [&service](const std::string& address, unsigned short port) {
        const std::string host = address.find(':') != std::string::npos ? "[" + address + "]" : address;
        // The port bound, not the one asked for: with --port 0 they differ.
        service.set_fallback_host(host + ":" + std::to_string(port));
        std::cout << "kpilot-bridge: serving http://" << host << ":" << port << "/odata/" << std::endl;
    });
    if (!error.empty()) {
        std::cerr << "kpilot-bridge: " << error << '\n';
        return 1;
    }
    std::cerr << "kpilot-bridge: stopped\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    // Inputs are reported as values, not exceptions; this is the last guard, so that even a bug ends in a message and
    // an exit code.
    try {
        return serve(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "kpilot-bridge: internal error: " << e.what() << '\n';
    } catch (...) {
        std::cerr << "kpilot-bridge: internal error\n";
    }
    return 70;  // EX_SOFTWARE
}
