// The attribution sets a model declares, through the OData service with no
// network: what $metadata declares, values against the core's run_models on
// the same file, a model that fails as null with its reason, query options,
// refresh when the journeys file changes, and inputs the bridge refuses.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "kpilot/attribution_input.hpp"
#include "kpilot/attribution_table.hpp"
#include "odata_service.hpp"

namespace kpilot::bridge {
namespace {

namespace fs = std::filesystem;
namespace at = kpilot::attribution;

// Journeys two folders down from the served root, so only the bridge's own
// watch on that folder (not the one on the root's subfolders) sees them change.
constexpr const char* paths_csv =
    "path,conversions,value,nulls\n"
    "Search,3,300,10\n"
    "Search > Email,2,500,4\n"
    "Display > Search > Email,1,150,6\n"
    "Display,0,0,12\n";

constexpr const char* touchpoints_csv =
    "journey_id,timestamp,channel,converted,value,stage\n"
    "j1,2026-03-01T09:00,Search,0,,lead\n"
    "j1,2026-03-04T10:00,Email,0,,opportunity\n"
    "j1,2026-03-05T11:00,Search,1,400,\n"
    "j2,2026-03-02T09:00,Display,0,,lead\n"
    "j2,2026-03-03T09:00,Email,1,100,opportunity\n"
    "j3,2026-03-02T09:00,Display,0,,\n";

class AttributionSetsTest : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("kpilot_bridge_attribution_" + std::to_string(::getpid()));
        fs::remove_all(root_);
        fs::create_directories(root_ / "shop");
        fs::create_directories(journeys_folder());
        write(root_ / "shop" / "data.csv", "channel,clicks,impressions\nSearch,10,100\n");
        write(paths_file(), paths_csv);
        write(journeys_folder() / "touchpoints.csv", touchpoints_csv);
        write_model(R"json([
            {"name": "channels", "paths": "../shared/journeys/paths.csv", "models": ["linear", "time_decay", "markov"]},
            {"name": "journeys", "touchpoints": "../shared/journeys/touchpoints.csv", "models": ["all"], "lookback_days": 30}
        ])json");
        start();
    }
    void TearDown() override { fs::remove_all(root_); }

    fs::path journeys_folder() const { return root_ / "shared" / "journeys"; }
    fs::path paths_file() const { return journeys_folder() / "paths.csv"; }
    static void write(const fs::path& file, std::string_view text) { std::ofstream(file, std::ios::binary) << text; }
    void write_model(std::string_view attributions) const {
        write(root_ / "shop" / "model.json",
              R"json({"measures": {"clicks": {"aggregate": "sum", "column": "clicks"},
                                   "impressions": {"aggregate": "sum", "column": "impressions"}},
                      "kpis": {"ctr": "KPI.CTR(clicks, impressions)"}, "attributions": )json" +
                  std::string(attributions) + "}");
    }
    void start() {
        catalog_ = std::make_unique<DatasetCatalog>(root_);
        service_ = std::make_unique<ODataService>(*catalog_, ServiceOptions{.default_page_size = 2});
    }

    ServiceReply get(std::string_view target) const { return service_->handle({"GET", target, "localhost:8750", ""}); }
    nlohmann::json json(std::string_view target) const {
        const ServiceReply reply = get(target);
        EXPECT_EQ(reply.status, 200u) << target << ": " << reply.body;
        return nlohmann::json::parse(reply.body);
    }
    // Every row of a set, following @odata.nextLink as a client does.
    std::vector<nlohmann::json> all_rows(const std::string& set, const std::string& query = "") const {
        std::vector<nlohmann::json> rows;
        auto page = json("/odata/" + set + (query.empty() ? "" : "?" + query));
        for (int pages = 0; pages < 100; ++pages) {
            for (const auto& row : page["value"]) rows.push_back(row);
            if (!page.contains("@odata.nextLink")) break;
            page = json(page["@odata.nextLink"].get<std::string>().substr(std::string("http://localhost:8750").size()));
        }
        return rows;
    }
    std::vector<std::string> set_names() const {
        std::vector<std::string> names;
        const auto document = json("/odata/");
        for (const auto& s : document["value"]) names.push_back(s["name"]);
        return names;
    }
    const std::vector<std::string>& problems() const { return catalog_->snapshot()->problems; }

    fs::path root_;
    std::unique_ptr<DatasetCatalog> catalog_;
    std::unique_ptr<ODataService> service_;
};

bool has(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

bool mentions(const std::vector<std::string>& list, std::string_view fragment) {
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& s) { return s.find(fragment) != std::string::npos; });
}

// The value a row should hold for an attributed Value: a number, or null for an error.
void expect_same(const nlohmann::json& served, const Value& expected, const std::string& what) {
    if (expected.is_number())
        EXPECT_EQ(served.get<double>(), expected.number()) << what;  // the same doubles, written shortest and read back
    else
        EXPECT_TRUE(served.is_null()) << what << ": " << served;
}

TEST_F(AttributionSetsTest, EveryAttributionAndModelIsASetInTheServiceDocumentAndMetadata) {
    const auto names = set_names();
    for (const char* name :
         {"Shop_Kpis", "Shop_Values", "Shop_channels", "Shop_channels_linear", "Shop_channels_time_decay",
          "Shop_channels_markov", "Shop_journeys", "Shop_journeys_shapley", "Shop_journeys_w_shaped"})
        EXPECT_TRUE(has(names, name)) << name;
    EXPECT_FALSE(has(names, "Shop_channels_shapley")) << "only the models the declaration names";

    const std::string xml = get("/odata/$metadata").body;
    EXPECT_NE(xml.find("<EntitySet Name=\"Shop_channels_markov\" EntityType=\"Kpilot.Shop_channels_markov_Row\"/>"),
              std::string::npos);
    EXPECT_NE(
        xml.find("<EntityType Name=\"Shop_channels_markov_Row\">\n        <Key><PropertyRef Name=\"Channel\"/></Key>\n"
                 "        <Property Name=\"Channel\" Type=\"Edm.String\" Nullable=\"false\"/>\n"
                 "        <Property Name=\"AttributedConversions\" Type=\"Edm.Double\"/>\n"
                 "        <Property Name=\"AttributedValue\" Type=\"Edm.Double\"/>\n"
                 "        <Property Name=\"Share\" Type=\"Edm.Double\"/>\n"
                 "        <Property Name=\"RemovalEffect\" Type=\"Edm.Double\"/>\n"
                 "        <Property Name=\"Error\" Type=\"Edm.String\"/>\n"
                 "        <Property Name=\"ErrorMessage\" Type=\"Edm.String\"/>\n"
                 "      </EntityType>"),
        std::string::npos)
        << xml;
    // Only Markov has a removal effect.
    const std::size_t linear = xml.find("<EntityType Name=\"Shop_channels_linear_Row\">");
    ASSERT_NE(linear, std::string::npos);
    const std::string linear_type = xml.substr(linear, xml.find("</EntityType>", linear) - linear);
    EXPECT_EQ(linear_type.find("RemovalEffect"), std::string::npos) << linear_type;
    EXPECT_NE(
        xml.find("<EntityType Name=\"Shop_channels_Row\">\n        <Key><PropertyRef Name=\"Model\"/><PropertyRef "
                 "Name=\"Channel\"/></Key>\n        <Property Name=\"Model\" Type=\"Edm.String\" Nullable=\"false\"/>"),
        std::string::npos)
        << xml;
    EXPECT_TRUE(problems().empty()) << problems().front();
}

TEST_F(AttributionSetsTest, ValuesAreTheCoresRunModelsOnTheSameFile) {
    auto input = at::read_paths_csv(paths_file().string(), {});
    ASSERT_TRUE(input);
    const std::vector<at::Model> models{at::Model::linear, at::Model::time_decay, at::Model::markov};
    const auto expected = at::long_form(input.value().paths, at::run_models(input.value().paths, models, {}));
    ASSERT_EQ(expected.size(), 9u);  // 3 models x Search, Email, Display

    const auto long_rows = all_rows("Shop_channels");
    ASSERT_EQ(long_rows.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& row = long_rows[i];
        const std::string id(at::model_id(expected[i].model));
        const std::string what = id + " " + expected[i].channel;
        EXPECT_EQ(row["Model"], id);
        EXPECT_EQ(row["Channel"], expected[i].channel);
        expect_same(row["AttributedConversions"], expected[i].conversions, what);
        expect_same(row["AttributedValue"], expected[i].value, what);
        expect_same(row["Share"], expected[i].share, what);
        expect_same(row["RemovalEffect"], expected[i].removal_effect, what);

        // The same row in the model's own set, keyed by channel.
        const auto own = all_rows("Shop_channels_" + id, "$filter=Channel%20eq%20'" + expected[i].channel + "'");
        ASSERT_EQ(own.size(), 1u) << what;
        for (const char* column : {"AttributedConversions", "AttributedValue", "Share", "Error", "ErrorMessage"})
            EXPECT_EQ(own[0][column], row[column]) << what << " " << column;
        EXPECT_EQ(own[0].contains("RemovalEffect"), id == "markov") << what;
    }
    // Spot check of the arithmetic, not only of the plumbing: linear gives
    // Search 3 + 1 + 1/3 of the six conversions.
    const auto search = all_rows("Shop_channels_linear", "$filter=Channel%20eq%20'Search'");
    EXPECT_DOUBLE_EQ(search[0]["AttributedConversions"].get<double>(), 3.0 + 1.0 + 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(search[0]["Share"].get<double>(), (3.0 + 1.0 + 1.0 / 3.0) / 6.0);
}

TEST_F(AttributionSetsTest, AModelTheJourneysCannotFeedIsNullWithItsReasonInEveryRow) {
    // A paths export has no touch times, so time decay cannot run on it.
    auto input = at::read_paths_csv(paths_file().string(), {});
    ASSERT_TRUE(input);
    const auto run = at::attribute(input.value().paths, at::Model::time_decay, {});
    ASSERT_FALSE(run);
    const auto rows = all_rows("Shop_channels_time_decay");
    ASSERT_EQ(rows.size(), 3u);
    for (const auto& row : rows) {
        EXPECT_TRUE(row["AttributedConversions"].is_null());
        EXPECT_TRUE(row["AttributedValue"].is_null());
        EXPECT_TRUE(row["Share"].is_null());
        EXPECT_EQ(row["Error"], "#N/A");
        EXPECT_EQ(row["ErrorMessage"], run.error().message);
    }
    // The same journeys with touch times (touchpoints) feed it.
    for (const auto& row : all_rows("Shop_journeys_time_decay")) {
        EXPECT_TRUE(row["AttributedConversions"].is_number()) << row;
        EXPECT_TRUE(row["Error"].is_null()) << row;
    }
    // Other models of the same attribution are unaffected.
    for (const auto& row : all_rows("Shop_channels", "$filter=Model%20eq%20'linear'"))
        EXPECT_TRUE(row["Error"].is_null());
    EXPECT_EQ(all_rows("Shop_channels", "$filter=Error%20ne%20null").size(), 3u);
}

TEST_F(AttributionSetsTest, QueryOptionsWorkAsOnEverySet) {
    const auto markov =
        all_rows("Shop_journeys", "$filter=Model%20eq%20'markov'&$orderby=Share%20desc&$select=Channel,Share");
    ASSERT_EQ(markov.size(), 3u);
    for (std::size_t i = 0; i < markov.size(); ++i) {
        EXPECT_EQ(markov[i].size(), 2u) << markov[i];
        if (i > 0) {
            EXPECT_GE(markov[i - 1]["Share"].get<double>(), markov[i]["Share"].get<double>());
        }
    }
    // 9 models x 3 channels, two rows a page.
    EXPECT_EQ(get("/odata/Shop_journeys/$count").body, "27");
    const auto counted = json("/odata/Shop_journeys?$count=true&$top=5&$skip=1");
    EXPECT_EQ(counted["@odata.count"], 27);
    EXPECT_EQ(counted["value"].size(), 2u);
    EXPECT_EQ(all_rows("Shop_journeys").size(), 27u);
    EXPECT_EQ(get("/odata/Shop_channels_markov?$filter=RemovalEffect%20gt%20'x'").status, 400u);
    EXPECT_EQ(get("/odata/Shop_channels_linear?$select=RemovalEffect").status, 400u);
}

TEST_F(AttributionSetsTest, TheSharesOfTheTouchpointsSumToTheirConversions) {
    // Two journeys convert (j1 for 400, j2 for 100); j3 never does.
    const auto rows = all_rows("Shop_journeys");
    std::map<std::string, std::pair<double, double>> totals;
    for (const auto& row : rows) {
        ASSERT_TRUE(row["Error"].is_null()) << row;  // touchpoints carry times and stages: every model runs
        totals[row["Model"]].first += row["AttributedConversions"].get<double>();
        totals[row["Model"]].second += row["AttributedValue"].get<double>();
    }
    EXPECT_EQ(totals.size(), at::all_models().size());
    for (const auto& [model, total] : totals) {
        EXPECT_NEAR(total.first, 2.0, 1e-12) << model;
        EXPECT_NEAR(total.second, 500.0, 1e-9) << model;
    }
}

TEST_F(AttributionSetsTest, AnEditedJourneysFileIsServedOnTheNextRequest) {
    const std::string target = "/odata/Shop_channels_linear?$filter=Channel%20eq%20'Email'";
    const auto email_conversions = [&] { return json(target)["value"][0]["AttributedConversions"].get<double>(); };
    const double before = email_conversions();
    EXPECT_DOUBLE_EQ(before, 1.0 + 1.0 / 3.0);
    // Unchanged files: the same snapshot, so cached replies stay. (The
    // request after a snapshot is built compares stamps once; the edits
    // below come after that, when only the folder's watch can see them.)
    const auto version = catalog_->snapshot()->version;
    EXPECT_DOUBLE_EQ(email_conversions(), before);
    EXPECT_EQ(catalog_->snapshot()->version, version);

    std::ofstream(paths_file(), std::ios::app) << "Email,4,400,0\n";
    EXPECT_DOUBLE_EQ(email_conversions(), before + 4.0);
    EXPECT_DOUBLE_EQ(email_conversions(), before + 4.0);
    // Saved by rename, as editors do; a channel never seen before appears.
    write(journeys_folder() / "paths.saving", std::string(paths_csv) + "Social,1,10,0\n");
    fs::rename(journeys_folder() / "paths.saving", paths_file());
    EXPECT_DOUBLE_EQ(email_conversions(), before);
    EXPECT_EQ(all_rows("Shop_channels_linear", "$filter=Channel%20eq%20'Social'").size(), 1u);
}

TEST_F(AttributionSetsTest, TheModelsRunOncePerVersionOfTheJourneysFile) {
    const std::string email = "/odata/Shop_channels_linear?$filter=Channel%20eq%20'Email'";
    const auto email_conversions = [&] { return json(email)["value"][0]["AttributedConversions"].get<double>(); };
    EXPECT_DOUBLE_EQ(email_conversions(), 1.0 + 1.0 / 3.0);
    // Other content under the same stamp (size and time): to the bridge, the same version of the file.
    const auto time = fs::last_write_time(paths_file());
    std::string edited = paths_csv;
    edited.replace(edited.find("Search > Email,2,"), 17, "Search > Email,5,");
    write(paths_file(), edited);
    fs::last_write_time(paths_file(), time);
    // data.csv changes: the snapshot is rebuilt with the new KPIs, and the attribution kept, not run again.
    const std::string ctr = "/odata/Shop_Values?$filter=kpi%20eq%20'ctr'";
    EXPECT_DOUBLE_EQ(json(ctr)["value"][0]["value"].get<double>(), 10.0 / 100.0);
    const auto version = catalog_->snapshot()->version;
    std::ofstream(root_ / "shop" / "data.csv", std::ios::app) << "Email,30,100\n";
    EXPECT_DOUBLE_EQ(json(ctr)["value"][0]["value"].get<double>(), 40.0 / 200.0);
    EXPECT_GT(catalog_->snapshot()->version, version);
    EXPECT_DOUBLE_EQ(email_conversions(), 1.0 + 1.0 / 3.0);
    // A new version of the journeys file runs the models again.
    fs::last_write_time(paths_file(), time + std::chrono::seconds(2));
    EXPECT_DOUBLE_EQ(email_conversions(), 5.0 / 2.0 + 1.0 / 3.0);
}

TEST_F(AttributionSetsTest, RejectedRowsAreReportedAndTheRestServed) {
    write(paths_file(), std::string(paths_csv) + "Search > ,1,1,0\nEmail,-2,0,0\n");
    start();
    EXPECT_TRUE(mentions(problems(), "paths.csv: line 6, column path: touch 2 has no channel name (row rejected)"))
        << (problems().empty() ? "" : problems().front());
    EXPECT_TRUE(mentions(problems(), "paths.csv: line 7, column conversions: \"-2\" is negative (row rejected)"));
    EXPECT_EQ(all_rows("Shop_channels_linear").size(), 3u);
}

TEST_F(AttributionSetsTest, AJourneysFileTheBridgeCannotReadLeavesOnlyThatAttributionOut) {
    fs::remove(paths_file());
    start();
    EXPECT_TRUE(mentions(problems(), "Shop, attribution channels: ")) << (problems().empty() ? "" : problems().front());
    auto names = set_names();
    EXPECT_FALSE(has(names, "Shop_channels"));
    EXPECT_FALSE(has(names, "Shop_channels_linear"));
    EXPECT_TRUE(has(names, "Shop_journeys_markov"));
    EXPECT_TRUE(has(names, "Shop_Values"));
    // It comes back when the file does.
    write(paths_file(), paths_csv);
    EXPECT_TRUE(has(set_names(), "Shop_channels_linear"));

    // A pipe would keep the reader waiting for a writer, and every request behind it.
    ASSERT_EQ(::mkfifo((journeys_folder() / "pipe.csv").c_str(), 0600), 0);
    write_model(R"json([{"name": "piped", "paths": "../shared/journeys/pipe.csv", "models": ["all"]}])json");
    EXPECT_TRUE(mentions(problems(), "/shared/journeys/pipe.csv is not a file"))
        << (problems().empty() ? "" : problems().front());
    EXPECT_TRUE(has(set_names(), "Shop_Values"));

    // A file without the columns the declaration names.
    write_model(R"json([{"name": "channels", "paths": "../shared/journeys/paths.csv", "models": ["all"],
                         "columns": {"path": "Journey"}}])json");
    EXPECT_TRUE(mentions(problems(), "no column \"Journey\"")) << (problems().empty() ? "" : problems().front());
    EXPECT_FALSE(has(set_names(), "Shop_channels"));
}

TEST_F(AttributionSetsTest, AModelCannotPublishAFileOutsideTheServedFolder) {
    const fs::path outside =
        fs::temp_directory_path() / ("kpilot_bridge_outside_" + std::to_string(::getpid()) + ".csv");
    write(outside, paths_csv);
    fs::create_symlink(outside, journeys_folder() / "linked.csv");
    write_model(R"json([{"name": "escape", "paths": ")json" + outside.string() + R"json(", "models": ["linear"]},
                        {"name": "dots", "paths": "../../)json" +
                outside.filename().string() + R"json(", "models": ["linear"]},
                        {"name": "link", "paths": "../shared/journeys/linked.csv", "models": ["linear"]}])json");
    const auto names = set_names();
    fs::remove(outside);
    for (const char* name : {"escape", "dots", "link"}) {
        EXPECT_FALSE(has(names, std::string("Shop_") + name + "_linear")) << name;
        EXPECT_TRUE(mentions(problems(), std::string("Shop, attribution ") + name + ": ")) << name;
    }
    EXPECT_TRUE(mentions(problems(), "is not inside the folder the bridge serves"));
    EXPECT_TRUE(has(names, "Shop_Values"));
}

TEST_F(AttributionSetsTest, TwoSetsOfOneNameAreNotBothServed) {
    // "a" with Markov and an attribution named "a_markov" would both be Shop_a_markov.
    write_model(R"json([{"name": "a", "paths": "../shared/journeys/paths.csv", "models": ["markov"]},
                        {"name": "a_markov", "paths": "../shared/journeys/paths.csv", "models": ["linear"]}])json");
    const auto names = set_names();
    EXPECT_EQ(std::count(names.begin(), names.end(), "Shop_a_markov"), 1);
    EXPECT_TRUE(has(names, "Shop_a_markov_linear"));
    EXPECT_TRUE(mentions(problems(), "the set Shop_a_markov is already served; rename the attribution"));
    // The first keeps the name: one row per channel, keyed by channel alone.
    EXPECT_FALSE(all_rows("Shop_a_markov")[0].contains("Model"));
}

}  // namespace
}  // namespace kpilot::bridge
