//! The cue tables as they were in Rust before they became
//! `rules/builtin.toml`, kept so a test can show the file expands to
//! exactly the same regexes: the trained model and every measured figure
//! depend on them. A deliberate change to the file is made here too, with
//! a comment, so that no change is accidental.

use super::{RuleSet, Scope};
use crate::classify::Label;

/// A family as the Rust table held it.
struct Family {
    id: &'static str,
    label: Label,
    scope: Scope,
    patterns: &'static [&'static str],
}

/// Words said on their own to show attention or hold the floor.
const BACKCHANNEL: &str = r"(?:mm-?hmm|mhm|uh-?huh|uhhuh|hmm+|hm|mm+|uh|um+|uhm|ah+|oh+|aha|wow|whoa|huh|gosh|cool|nice|great|good|fine|okay|ok|alright|all right|i see|really|interesting|got it|gotcha|oh well)";
/// Agreement words that accept a point when said on their own in reply.
const AGREE: &str = r"(?:yeah|yes|yep|yup|yea|right|sure|true|exactly|absolutely|definitely|agreed|precisely|indeed|correct|of course|that's right|that's true|that is true|certainly|totally)";
/// Word lists that patterns name as `{name}`; expanded when rules compile.
static WORD_LISTS: &[(&str, &str)] = &[("backchannel", BACKCHANNEL), ("agree", AGREE)];

/// Agreement words strong enough to accept a point even said over the speaker.
const STRONG_AGREE: &str = r"^(?:exactly|absolutely|definitely|agreed|precisely|indeed|correct|of course|that's right|that's true|that is true|certainly|totally)\b";

/// Leading fillers set aside before `Start` patterns are tried.
///
/// Agreement words are set aside too, so "yeah, good idea" reads as "good
/// idea" and "yeah, but ..." as "but ...". "No" is not: it carries the
/// rejection. "And" is not: it marks a build.
const LEADING_FILLERS: &str = r"^(?:(?:uh|um+|uhm|erm|er|ah|eh|oh|well|so|like|hmm+|mm+|i mean|you know|okay|ok|alright|all right|yeah|yes|yep|yup|yea|sure|right)\b[\s,.!;:-]*)+";

/// The built-in families, in priority order within each class.
static FAMILIES: &[Family] = &[
    // --- single-word replies, read with context --------------------------
    Family {
        id: "challenge.no",
        label: Label::Challenge,
        scope: Scope::Whole,
        patterns: &[
            r"(?:(?:uh|um|oh|well)[\s,.]*)?(?:no+|nope|nah|not really|not at all|no way|i don't think so)(?:[\s,.!]*(?:no+|nope))*",
        ],
    },
    Family {
        id: "concession.agree-word",
        label: Label::Concession,
        scope: Scope::Whole,
        patterns: &[
            r"(?:(?:{backchannel}|well)[\s,.!;:-]*)*{agree}(?:[\s,.!;:-]*(?:{agree}|{backchannel}))*",
        ],
    },
    Family {
        id: "other.backchannel",
        label: Label::Other,
        scope: Scope::Whole,
        patterns: &[r"(?:{backchannel}[\s,.!;:-]*)+"],
    },
    Family {
        id: "other.social",
        label: Label::Other,
        scope: Scope::Whole,
        patterns: &[
            r"(?:thanks|thank you|thank you (?:all|everyone|everybody|very much|so much)|thanks (?:all|everyone|everybody|a lot)|cheers)",
            r"(?:hi|hello|hey|good (?:morning|afternoon|evening))(?: (?:all|everyone|everybody|guys|folks|team))?",
            r"(?:bye|goodbye|bye bye|see you|see you (?:all|later|tomorrow|next week)|take care)",
            r"(?:sorry|excuse me|pardon|my bad|oops|whoops|welcome|you're welcome|no problem)",
        ],
    },
    Family {
        id: "other.procedure",
        label: Label::Other,
        scope: Scope::Whole,
        patterns: &[
            r"(?:(?:okay|ok|alright|all right|right|well|um|uh)[\s,]+)?(?:so|and|but|or|anyway|i mean|you know|let's see|let me see|let me think|hang on|one (?:second|sec|moment)|just a (?:second|sec|moment)|where was i|what else|okay so|um so)",
            r"(?:(?:okay|ok|alright|all right|right|so)[\s,]+)?(?:let's (?:get started|start|begin|move on|get going|wrap up)|shall we (?:start|begin)|moving on|next (?:item|topic|point|one)|that's (?:it|all)(?: for (?:today|now))?|let's call it a day|we're out of time)",
        ],
    },
    // --- challenges: oppose, reject or qualify another's point ------------
    Family {
        id: "challenge.disagree",
        label: Label::Challenge,
        scope: Scope::Start,
        patterns: &[
            r"i (?:really |strongly |completely |totally )?(?:disagree|don't agree|do not agree|object|beg to differ)",
            r"i'm not (?:so |too |that |really )?(?:sure|convinced|certain)",
            r"i (?:really )?doubt",
            r"i don't (?:really )?(?:think|believe|buy|see why|see how|like)",
            r"i do not (?:think|believe)",
            r"(?:that's|that is|it's|it is) not (?:true|right|correct|the case|what|how|a good)",
            r"(?:that's|that is|that would be|that'd be) (?:wrong|incorrect|not it|a bad idea|a mistake|a problem|risky|too)",
            r"(?:you're|you are) (?:all |both )?(?:wrong|mistaken|missing)",
            r"(?:not|no) (?:really|necessarily|quite|exactly|so fast)\b",
        ],
    },
    Family {
        id: "challenge.yes-but",
        label: Label::Challenge,
        scope: Scope::Start,
        patterns: &[
            r"(?:yes|yeah|yep|yea|right|true|sure|okay|ok|maybe|perhaps|possibly|i agree|i see|i know|i understand|i get (?:that|it)|fair enough|that's true|you're right|good point|that's a good point)[\s,.!]*(?:but|though|however|except|although)\b",
        ],
    },
    Family {
        id: "challenge.no-because",
        label: Label::Challenge,
        scope: Scope::Start,
        patterns: &[r"(?:no+|nope|nah)[\s,.!;:-]+(?:no[\s,.!]+)*\w+"],
    },
    Family {
        id: "challenge.objection",
        label: Label::Challenge,
        scope: Scope::Start,
        patterns: &[
            r"but (?:what about|how about|what if|then|that|it|this|isn't|aren't|doesn't|don't|didn't|wouldn't|won't|can't|shouldn't|if|the problem|the issue|we can't|we don't|we shouldn't|we won't|you|i don't|i'm not|surely)",
            r"actually[\s,]+(?:i|that|it|we|no|the|you|this|there)",
            r"(?:that|this|it) (?:won't|will not|wouldn't|would not|doesn't|does not|can't|cannot|isn't|is not|shouldn't|didn't|never)\b",
            r"(?:on the other hand|the (?:problem|issue|trouble|catch|risk) (?:is|with|there)|the thing is|except that|however|having said that|that said|i'd argue|i would argue|why would (?:we|you)|why not just|how is that|how would that|hold on|wait[\s,]+(?:no|but|what|that|that's))",
        ],
    },
    // --- concessions: accept or yield to another's point -------------------
    Family {
        id: "challenge.but",
        label: Label::Challenge,
        scope: Scope::Start,
        patterns: &[r"but\s+\w+"],
    },
    Family {
        id: "concession.agree",
        label: Label::Concession,
        scope: Scope::Start,
        patterns: &[
            r"i (?:totally |completely |fully |absolutely |quite |do )?agree",
            r"(?:i think |i guess |maybe |ok |okay |well )?(?:you're|you are|he's|she's|they're|you were) (?:absolutely |totally |quite |probably |completely )?right",
            r"(?:that's|that is|it's|fair|good|great|excellent|valid|very good|a good|a fair) (?:a )?(?:fair|good|great|valid|excellent)? ?(?:point|idea|call|catch|question|suggestion)",
            r"(?:fair enough|point taken|makes sense|that makes sense|i see your point|i take (?:your|the|that) point|you have a point|you've got a point|i stand corrected|you've convinced me|i'm convinced|good thinking)",
            r"i (?:hadn't|had not|didn't|did not|never) (?:seen|thought|considered|looked at) (?:it|that|of)",
            r"(?:that's|that is) (?:true|right|correct|fair|a fair)",
        ],
    },
    Family {
        id: "concession.accept",
        label: Label::Concession,
        scope: Scope::Start,
        patterns: &[
            r"(?:(?:yes|yeah|yep|sure|okay|ok|alright|all right|fine|right|great)[\s,.!]+)?(?:let's (?:do (?:that|it|this)|go with (?:that|it|this|your|yours)|try (?:that|it|yours|your))|sounds (?:good|great|fine|reasonable|like a plan|right)|that (?:works|sounds good)|works for me|fine (?:by|with) me|i'm (?:fine|ok|okay|happy|good) with\b|i can live with|go for it|deal\b|agreed)",
            r"(?:fine[\s,.!]+)?(?:we can do that|that's fine|go ahead|why not)",
        ],
    },
    // --- questions ---------------------------------------------------------
    Family {
        id: "question.mark",
        label: Label::Question,
        scope: Scope::End,
        // Since the tables moved: a question mark may be followed by a cut-off.
        patterns: &[r"[?？][\s)\]]*(?:(?:--|—|\.\.\.|…)\s*)?$"],
    },
    Family {
        id: "question.invite",
        label: Label::Question,
        scope: Scope::Start,
        patterns: &[
            r"(?:what if|how about|what about|i wonder (?:if|whether|why|how|what)|i was wondering|do you mean|you mean|any (?:thoughts|questions|objections|comments|ideas|opinions|concerns)|what do you (?:think|mean|say)|tell me)",
        ],
    },
    Family {
        id: "question.wh",
        label: Label::Question,
        scope: Scope::Start,
        patterns: &[
            r"(?:what|who|whom|whose|where|when|why|how|which)(?:'s|'re| is| are| was| were| do| does| did| can| could| should| would| will| about| if| else| much| many| long| often| come)\b",
        ],
    },
    Family {
        id: "question.inversion",
        label: Label::Question,
        scope: Scope::Start,
        patterns: &[
            r"(?:do|does|did|is|are|was|were|can|could|should|would|will|shall|have|has|may|might|isn't|aren't|don't|doesn't|didn't|can't|won't|wouldn't|shouldn't|haven't|hasn't) (?:you|we|they|it|i|he|she|that|this|there|anyone|anybody|everyone|everybody|someone|somebody|y'all)\b",
        ],
    },
    // --- positions with a recognizable lead (the rest is the default) -----
    Family {
        id: "position.build",
        label: Label::Position,
        scope: Scope::Start,
        patterns: &[
            r"(?:and|also|plus|in addition|additionally|on top of that|building on (?:that|this|what)|to add to (?:that|this)|adding to (?:that|this)|another (?:thing|option|idea|point))\b",
        ],
    },
    Family {
        id: "position.proposal",
        label: Label::Position,
        scope: Scope::Start,
        patterns: &[
            r"(?:i think|i believe|i feel|i'd (?:say|suggest|propose|like)|i would (?:say|suggest|propose|like)|i suggest|i propose|i recommend|in my (?:view|opinion|experience)|my (?:view|opinion|point|suggestion|proposal) is|we (?:should|could|must|need to|have to|might|can|ought to)|let's|let us|the (?:plan|idea|point|goal|key) is|my plan|i'm going to|i will|i'll)\b",
        ],
    },
];

/// The old expansion: each `{name}` replaced by its list, in table order.
fn expand_word_lists(pattern: &str) -> String {
    WORD_LISTS
        .iter()
        .fold(pattern.to_string(), |p, (name, list)| {
            p.replace(&format!("{{{name}}}"), list)
        })
}

/// The old anchoring of a family's patterns by scope.
fn anchored(family: &Family) -> String {
    let body = expand_word_lists(&family.patterns.join("|"));
    match family.scope {
        Scope::Start => format!(r"^(?:{body})(?:\b|$)"),
        Scope::Whole => {
            let lead = expand_word_lists("{backchannel}");
            format!(r"^(?:{lead}[\s,.!;:-]+)*(?:{body})[\s\p{{P}}]*$")
        }
        Scope::End => format!("(?:{body})"),
    }
}

#[test]
fn the_builtin_file_expands_to_the_old_table() {
    let set = RuleSet::builtin();
    let new: Vec<_> = set
        .families()
        .iter()
        .map(|f| {
            let anchored = crate::classify::rules::anchored(&set, f);
            (f.id.to_string(), f.label, f.scope, anchored)
        })
        .collect();
    let old: Vec<_> = FAMILIES
        .iter()
        .map(|f| (f.id.to_string(), f.label, f.scope, anchored(f)))
        .collect();
    assert_eq!(new.len(), old.len());
    for (n, o) in new.iter().zip(&old) {
        assert_eq!(n, o);
    }
    let (fillers, strong) =
        crate::classify::rules::fillers_and_strong(&set).expect("the built-in lists are present");
    assert_eq!(fillers, LEADING_FILLERS);
    assert_eq!(strong, STRONG_AGREE);
    for (name, list) in WORD_LISTS {
        assert_eq!(set.expand(&format!("{{{name}}}")), *list, "{name}");
    }
}
