export default `tcpsleuth check: (help not written yet)
`;
