// JSON strings the bridge writes are valid UTF-8 whatever bytes they came from.
#include "json_text.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace kpilot::bridge {
namespace {

std::string quoted(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

TEST(JsonText, ValidUtf8IsKeptAsWritten) {
    EXPECT_EQ(quoted("Caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x88"), "\"Caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x88\"");
    EXPECT_EQ(quoted("a\"b\\c\n\x01\x7f"), "\"a\\\"b\\\\c\\n\\u0001\\u007f\"");
    EXPECT_TRUE(is_valid_utf8("plain \xc3\xa9"));
}

// Found by fuzzing (issue 11): request bytes such as %FF reached replies as they were.
TEST(JsonText, InvalidSequencesBecomeOneReplacementCharacterEach) {
    EXPECT_EQ(quoted("/odata/\xff"), "\"/odata/\\ufffd\"");
    EXPECT_EQ(quoted("caf\xe9!"), "\"caf\\ufffd!\"");                           // Latin-1
    EXPECT_EQ(quoted("\xe2\x82"), "\"\\ufffd\"");                               // cut off: one maximal subpart
    EXPECT_EQ(quoted("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");             // a surrogate
    EXPECT_EQ(quoted("\xc0\xaf"), "\"\\ufffd\\ufffd\"");                        // overlong
    EXPECT_EQ(quoted("\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // above U+10FFFF
    for (std::string_view bad : {"\xff", "\xe2\x82", "\xed\xa0\x80", "\xc0\xaf", "\xf8\x88\x80\x80\x80"}) {
        EXPECT_FALSE(is_valid_utf8(bad));
        EXPECT_TRUE(is_valid_utf8(valid_utf8(bad)));
        EXPECT_TRUE(nlohmann::json::accept("[" + quoted(bad) + "]"));
    }
    EXPECT_EQ(valid_utf8("a\xffz"), "a\xef\xbf\xbdz");
}

}  // namespace
}  // namespace kpilot::bridge
