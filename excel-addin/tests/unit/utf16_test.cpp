#include "utf16.hpp"

#include <gtest/gtest.h>

namespace kpilot::xll {
namespace {

TEST(Utf16, RoundTripsTextExcelShows) {
    for (const std::string text : {"", "KPI.ROMI", ">= 0", "\u2265 0", "Umsatz \u20ac", "\U0001F4C8 growth"})
        EXPECT_EQ(utf8_from_utf16(utf16_from_utf8(text)), text) << text;
}

TEST(Utf16, EncodesAstralCharactersAsSurrogatePairs) {
    EXPECT_EQ(utf16_from_utf8("\U0001F4C8"), std::u16string({0xD83D, 0xDCC8}));
    EXPECT_EQ(utf16_from_utf8("\u00e9"), u"\u00e9");
}

TEST(Utf16, ReplacesWhatIsNotText) {
    EXPECT_EQ(utf16_from_utf8("a\xff"
                              "b"),
              u"a\uFFFDb");                                                 // not UTF-8 at all
    EXPECT_EQ(utf16_from_utf8("\xc0\xaf"), u"\uFFFD");                      // overlong '/'
    EXPECT_EQ(utf16_from_utf8("\xed\xa0\x80"), u"\uFFFD");                  // a surrogate spelled in UTF-8
    EXPECT_EQ(utf16_from_utf8("\xe2\x82"), u"\uFFFD");                      // cut short
    EXPECT_EQ(utf8_from_utf16(std::u16string({0xD83D, u'x'})), "\uFFFDx");  // a lone high surrogate
    EXPECT_EQ(utf8_from_utf16(std::u16string({0xDCC8})), "\uFFFD");         // a lone low surrogate
}

}  // namespace
}  // namespace kpilot::xll
