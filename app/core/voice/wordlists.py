"""The word lists the voice profile counts with, written for this project.

`COMMON_ENGLISH` is our own reference for "general English": about 400 of the most frequent
English words, most frequent first, written out by hand (no frequency list was copied). A
word's general frequency is estimated from its rank by Zipf's law, f(rank) = 0.07 / rank (so
"the" is about 7% of running words, the 100th word about 0.07%), which is right to about a
factor of two for English; a word that is not on the list gets the frequency of rank 1,500.
reference.py blends this with the counts of our own samples. That is all "distinctive against
general English" needs: a favourite word is one the writer uses several times as often as
general writing, and a factor-of-two error does not change which words stand out.

wordfreq was measured and not added: with its English frequencies in place of ours, the
word-choice signal's attribution AUC on the real writers of ../shared/corpus/voices was
0.696-0.705 on paragraphs and 0.755-0.762 on passages, against 0.706 and 0.759 with ours,
and it would bring a 57 MB wheel (every language), five dependencies and CC BY-SA data.
"""

from __future__ import annotations

COMMON_ENGLISH: tuple[str, ...] = tuple(
    """
    the of and to a in is that it was for i on you he be with as by at have are this not but
    had his they from she which or we an there her were one do been all their has would will
    what if can when so no said who more about up them some could him into its then two out
    time my like only me other than now just our also any over after new first your very know
    people how because way these well get made back even most see year make many much us down
    should where did think may years good those here go still through day own last work life
    such must being great before both little come world never same while again might take each
    long under three say few man right something off without part another old around used
    between going thing things always home place every got went why however yes really
    too let away need want look since often help came end against though until put
    better best found give once next men women children school family house room night water
    far money story point small large big high left number hand head eyes face week
    hours morning called keep began seen done told felt kind seemed quite almost enough rather
    sure whole less today tomorrow yesterday along during within already yet perhaps maybe
    probably actually course else anything nothing everything someone anyone everyone nobody
    somewhere whether either neither although unless upon across behind toward
    towards among beyond below above near inside outside instead indeed therefore thus
    moreover meanwhile otherwise later early soon ago together ever least half four five six
    ten hundred thousand second full open close real true able free clear easy hard short
    young important public local different possible working making looking getting
    taking coming trying thinking asked tried took gave brought bought stood sat turned
    heard knew thought says tell ask call read write wrote run play pay lot
    bit lots pretty friend friends food car road town city country job team book books
    minutes hour days weeks months month evening plan plans idea ideas problem
    question reason side line name word words case fact area group system service company
    council office government members community information report project data
    it's i'm don't that's can't didn't doesn't isn't won't wasn't there's we're they're
    you're i've i'll i'd let's we'll you'll he's she's what's couldn't wouldn't
    myself yourself himself herself itself ourselves themselves whose whom whatever whenever
    """.split()
)

_ZIPF_CONSTANT = 0.07
UNLISTED_RANK = 1500
_RANK = {}
for _rank, _word in enumerate(COMMON_ENGLISH, start=1):
    _RANK.setdefault(_word, _rank)


def general_frequency(word: str) -> float:
    """Estimated share of running English words that are `word` (folded: lowercase, straight
    apostrophes)."""
    return _ZIPF_CONSTANT / _RANK.get(word, UNLISTED_RANK)


def is_common(word: str) -> bool:
    return word in _RANK


FIRST_SINGULAR = frozenset("i me my mine myself i'm i've i'd i'll im ive".split())
FIRST_PLURAL = frozenset("we us our ours ourselves we're we've we'd we'll".split())
SECOND_PERSON = frozenset(
    "you your yours yourself yourselves you're you've you'd you'll ya y'all u ur".split()
)

# Words that end in 's and are contractions (it's = it is), not possessives (Derek's).
_S_CONTRACTION_BASES = frozenset(
    "it that there here what who where how he she let everyone everybody nobody something "
    "nothing someone this when why".split()
)
_CONTRACTION_ENDINGS = ("n't", "'re", "'ve", "'ll", "'d", "'m")
# Contractions written without an apostrophe, and spoken forms, as casual writers use them.
BARE_CONTRACTIONS = frozenset(
    "dont didnt doesnt isnt wasnt arent couldnt wouldnt shouldnt im ive thats gonna wanna "
    "gotta kinda sorta dunno lemme gimme ain't y'all 'em".split()
)


def is_contraction(word: str) -> bool:
    """Whether a folded word is a contraction: don't, we'll, I'm, it's, gonna (not Derek's)."""
    if "'" in word:
        if word.endswith(_CONTRACTION_ENDINGS):
            return True
        if word.endswith("'s"):
            return word[:-2] in _S_CONTRACTION_BASES
        return word in BARE_CONTRACTIONS
    return word in BARE_CONTRACTIONS


# The closed-class words stylometry has long relied on (Mosteller and Wallace; Burrows):
# how often a writer uses each of these is a habit, and says little about the topic.
FUNCTION_WORDS = frozenset(
    """
    a about above after again against all also although always am an and another any anyway
    are around as at be because been before being below between both but by can could did do
    does doing down during each either enough even ever every few for from further had has have
    having he her here hers herself him himself his how however i if in indeed into is it its
    itself just least less like may maybe me might mine more moreover most much must my myself
    neither never no nor not now of off often on once one only onto or other others otherwise
    our ours ourselves out over own perhaps quite rather really same shall she should since so
    some somehow something still such than that the their theirs them themselves then there
    therefore these they this those though through thus to too toward towards under until up
    upon us very was we well were what whatever when where whether which while who whom whose
    why will with within without would yet you your yours yourself actually honestly basically
    literally probably certainly simply okay ok anyway so yeah oh
    """.split()
)

# How a sentence opens. Each category is a set of first words; what is none of these is
# "other" (mostly nouns and names), and a first word ending in -ly or -ing has its own class.
OPENER_WORDS: dict[str, frozenset[str]] = {
    '"I"': frozenset("i i'm i've i'd i'll im ive my me".split()),
    '"we"': frozenset("we we're we've we'd we'll our us".split()),
    '"you"': frozenset("you you're you've you'd you'll your".split()),
    '"he", "she" or "they"': frozenset(
        "he she they he's she's they're they've they'll his her their them".split()
    ),
    '"it", "this" or "there"': frozenset(
        "it it's this that that's these those there there's here here's its".split()
    ),
    '"the" or "a"': frozenset("the a an".split()),
    '"and", "but" or "so"': frozenset("and but so or yet nor plus".split()),
    '"when", "if" or "because"': frozenset(
        "when if because although though while after before since as once until unless "
        "whenever whereas where".split()
    ),
    '"however", "also" or "then"': frozenset(
        "however also moreover furthermore therefore thus indeed instead meanwhile overall "
        "finally first firstly second secondly then still besides nevertheless otherwise "
        "additionally consequently hence accordingly".split()
    ),
    "a question word": frozenset(
        "what why how who which is are was were do does did can could would will should "
        "have has shall isn't aren't don't doesn't didn't can't won't".split()
    ),
    'a word like "oh" or "okay"': frozenset(
        "oh okay ok yes yeah no well anyway honestly right wow look listen hey ah hmm sure "
        "alright lol ngl tbh".split()
    ),
    'a verb ("tell", "bring")': frozenset(
        "tell bring take check make let try keep add please see note get go come use put "
        "read ask send call book remember pick give join find follow start stop wait "
        "think".split()
    ),
}
OPENERS: tuple[str, ...] = (
    *OPENER_WORDS, "a word ending in -ly", "a word ending in -ing", "a number", "another word",
)
_OPENER_OF = {word: label for label, words in OPENER_WORDS.items() for word in words}
_LY, _ING, _NUMBER, _OTHER = (OPENERS.index(k) for k in OPENERS[-4:])


def opener_index(word: str) -> int:
    """The index in OPENERS of how a sentence whose first (folded) word is `word` opens."""
    label = _OPENER_OF.get(word)
    if label is not None:
        return OPENERS.index(label)
    if word[:1].isdigit():
        return _NUMBER
    if len(word) > 4 and word.endswith("ly"):
        return _LY
    if len(word) > 5 and word.endswith("ing"):
        return _ING
    return _OTHER


# Formality (our own measure; voice/features.py says how it is scored).
FORMAL_WORDS = frozenset(
    """
    however therefore thus hence moreover furthermore nevertheless accordingly consequently
    whereas whilst regarding concerning pursuant hereby herein thereby wherein shall may
    approximately additionally subsequently prior commence require requires required ensure
    ensures obtain obtained provide provided residents further please advised anticipated
    regrettably kindly sincerely indeed upon within notwithstanding respectively undertake
    undertaken endeavour endeavor facilitate assist assistance enquiries inquiries
    """.split()
)
INFORMAL_WORDS = frozenset(
    """
    ok okay yeah yep yup nope nah gonna wanna gotta kinda sorta dunno lol lmao omg tbh ngl idk
    btw ig imo lowkey stuff guy guys awesome cool super totally basically literally honestly
    anyway anyways wow oh hey huh ugh yay cute mate folks bit pretty crazy weird fun funny
    like really so just thing things kid kids damn hell
    """.split()
)
# Suffixes of abstract nouns and Latinate adjectives (-tion, -ment, -ity...): formal writing
# is dense with them (Heylighen and Dewaele's formality measure counts nouns the same way).
NOMINAL_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ism", "ure", "ive",
                    "ous", "ial", "ary", "ency", "ancy", "ation")
