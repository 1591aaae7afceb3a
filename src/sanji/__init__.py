"""Sanji: the three-tier (village, township, county) online approval and service portal."""

from zope.i18nmessageid import MessageFactory

_ = MessageFactory("sanji")
