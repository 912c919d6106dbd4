#pragma once
// The inline error box a view shows under its controls (a bad setting, a failed run): red on pale
// red, selectable so the message can be copied, hidden until there is something to say.

class QLabel;

namespace loupe::widgets {

/// A hidden, word-wrapped, selectable QLabel styled as an error.
QLabel* makeInlineError();

}  // namespace loupe::widgets
