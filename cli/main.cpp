#include <iostream>
#include "kpilot/catalog.hpp"
int main() { std::cout << kpilot::catalog_markdown(kpilot::Registry::builtin()); }
