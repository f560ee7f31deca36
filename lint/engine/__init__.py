"""The compiled vocabulary: words, phrase matching, sentences and the rules applied to text."""
