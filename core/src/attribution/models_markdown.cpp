#include "kpilot/attribution.hpp"

namespace kpilot::attribution {

std::string models_markdown() {
    std::string md;
    for (Model m : all_models()) {
        md += "### " + std::string(model_title(m)) + " (`" + std::string(model_id(m)) + "`)\n\n";
        md += std::string(model_definition(m)) + "\n\n";
    }
    return md;
}

}  // namespace kpilot::attribution
