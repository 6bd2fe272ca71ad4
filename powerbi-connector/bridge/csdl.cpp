#include "csdl.hpp"

namespace kpilot::bridge {

std::string xml_escaped(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string csdl_metadata(const ServiceSnapshot& snapshot) {
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n"
        "  <edmx:DataServices>\n"
        "    <Schema Namespace=\"" + std::string(schema_namespace) + "\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n";
    for (const auto& set : snapshot.sets) {
        xml += "      <EntityType Name=\"" + xml_escaped(set.entity_type) + "\">\n        <Key>";
        for (const auto& k : set.key) xml += "<PropertyRef Name=\"" + xml_escaped(k) + "\"/>";
        xml += "</Key>\n";
        for (const auto& p : set.properties)
            xml += "        <Property Name=\"" + xml_escaped(p.name) + "\" Type=\"" + std::string(edm_name(p.type)) + "\"" +
                   (p.nullable ? "" : " Nullable=\"false\"") + "/>\n";
        xml += "      </EntityType>\n";
    }
    xml += "      <EntityContainer Name=\"Container\">\n";
    for (const auto& set : snapshot.sets)
        xml += "        <EntitySet Name=\"" + xml_escaped(set.name) + "\" EntityType=\"" + std::string(schema_namespace) + "." +
               xml_escaped(set.entity_type) + "\"/>\n";
    xml += "      </EntityContainer>\n    </Schema>\n  </edmx:DataServices>\n</edmx:Edmx>\n";
    return xml;
}

}  // namespace kpilot::bridge
