"""The gateways an administrator may choose: every registered ISmsGateway utility, by name."""

from zope.component import getUtilitiesFor
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from sanji.sms.interfaces import ISmsGateway


@provider(IVocabularyFactory)
def gateways(context=None) -> SimpleVocabulary:
    """A term per named gateway utility (title: the gateway's own), the outbox first."""
    terms = [SimpleTerm(name, name, gateway.title) for name, gateway in getUtilitiesFor(ISmsGateway) if name]
    terms.sort(key=lambda term: (term.value != "outbox", term.value))
    return SimpleVocabulary(terms)
