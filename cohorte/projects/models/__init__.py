"""The call for projects: administrations' proposals, their pre-instruction and défi jury."""

from .funding import FundingRules, SalaryBand
from .jury import Audition, JuryInvitation, JuryPoolMember, PanelVerdict
from .membership import MembershipRequest, OrganisationInvitation, OrganisationMember
from .proposal import (
    ProjectCallSettings,
    Proposal,
    ProposalFile,
    ProposalMessage,
    ProposalNote,
    ProposalVersion,
)

__all__ = [
    "Audition",
    "FundingRules",
    "JuryInvitation",
    "JuryPoolMember",
    "MembershipRequest",
    "OrganisationInvitation",
    "OrganisationMember",
    "PanelVerdict",
    "ProjectCallSettings",
    "Proposal",
    "ProposalFile",
    "ProposalMessage",
    "ProposalNote",
    "ProposalVersion",
    "SalaryBand",
]
