#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

// readline is configured through global variables; Swift 6 refuses to touch
// mutable C globals, so these small functions do it.
static inline void kdbg_readline_configure(const char *name, const char *word_breaks,
                                           rl_completion_func_t *complete, rl_getc_func_t *getc) {
    rl_readline_name = name;
    rl_completer_word_break_characters = word_breaks;
    rl_attempted_completion_function = complete;
    rl_getc_function = getc;   // notices Ctrl-C while waiting for a key
    rl_catch_signals = 0;      // the caller's SIGINT handler runs instead of readline's
}

/// Ends the current readline() call (it returns the line as it stands).
static inline void kdbg_readline_finish_line(void) { rl_done = 1; }

/// Completion offers only what the function returned, never file names.
static inline void kdbg_readline_no_default_completion(void) { rl_attempted_completion_over = 1; }

static inline const char *kdbg_readline_line_buffer(void) { return rl_line_buffer; }
